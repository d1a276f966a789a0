package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/store"
)

// httpError is an error with the status and the stable code the API returns.
type httpError struct {
	status int
	code   string
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(msg string) error { return &httpError{http.StatusBadRequest, "bad_request", msg} }
func forbidden() error {
	return &httpError{http.StatusForbidden, "forbidden", "your role does not allow this"}
}
func notFound() error { return &httpError{http.StatusNotFound, "not_found", "not found"} }

// statusOf maps an error to its HTTP status and code, once, here: the use cases return
// store.ErrNotFound, store.ErrConflict or their own errors and know nothing of HTTP.
func statusOf(err error) (int, string, string) {
	var he *httpError
	var ie *app.InputError
	switch {
	case errors.As(err, &he):
		return he.status, he.code, he.msg
	case errors.As(err, &ie):
		return http.StatusUnprocessableEntity, "unprocessable", ie.Error()
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "not_found", "not found"
	case errors.Is(err, store.ErrConflict):
		return http.StatusConflict, "conflict", err.Error()
	}
	return http.StatusInternalServerError, "internal", "internal error"
}

// apiError is the stable shape of every API error.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		// Field names the request field or parameter at fault, when there is one (api.go).
		Field string `json:"field,omitempty"`
	} `json:"error"`
}

func (s *Server) writeAPIError(w http.ResponseWriter, r *http.Request, err error) {
	status, code, msg := statusOf(err)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
	}
	var body apiError
	body.Error.Code, body.Error.Message, body.Error.Field = code, msg, errorField(err)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

// pageError shows an error page; a 500 is logged, once, with the error under one key.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status, _, msg := statusOf(err)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
	}
	w.WriteHeader(status)
	s.render(w, r, "error", map[string]any{"Status": status, "Message": msg})
}
