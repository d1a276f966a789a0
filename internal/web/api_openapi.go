package web

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"gopkg.in/yaml.v3"
)

// openAPIYAML is the API's OpenAPI document, written by hand in YAML (anchors keep the shared
// fields in one place) and served as JSON.
//
//go:embed openapi.yaml
var openAPIYAML []byte

func init() {
	addAPI("GET", "/openapi.json", "", (*apiHandler).openAPI)
}

// openAPIJSON converts the document once; a broken document fails its test, and here its
// route with a 500 rather than the server.
var openAPIJSON = sync.OnceValues(func() ([]byte, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(openAPIYAML, &doc); err != nil {
		return nil, fmt.Errorf("openapi.yaml: %w", err)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi.yaml as JSON: %w", err)
	}
	return b, nil
})

// openAPI serves the document; it needs no credentials, so that a client can be generated
// from it before anyone has a token.
func (h *apiHandler) openAPI(w http.ResponseWriter, r *http.Request) error {
	b, err := openAPIJSON()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
	return nil
}
