package penalty

import (
	"encoding/json"

	"github.com/relance-app/relance/internal/money"
)

// jsonRate carries a rate in JSON as its exact decimal text ("12.15"), never as a float and
// never as the internal millionths, which no reader would understand.
type jsonRate money.Rate

func (r jsonRate) MarshalText() ([]byte, error) { return []byte(money.Rate(r).String()), nil }

func (r *jsonRate) UnmarshalText(b []byte) error {
	p, err := money.ParseRate(string(b))
	*r = jsonRate(p)
	return err
}

// MarshalJSON writes the entry with its rate as decimal text.
func (e Entry) MarshalJSON() ([]byte, error) {
	type plain Entry
	return json.Marshal(struct {
		plain
		Rate jsonRate `json:"rate"`
	}{plain(e), jsonRate(e.Rate)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (e *Entry) UnmarshalJSON(b []byte) error {
	type plain Entry
	var v struct {
		plain
		Rate jsonRate `json:"rate"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*e = Entry(v.plain)
	e.Rate = money.Rate(v.Rate)
	return nil
}
