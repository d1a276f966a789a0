package sqlstore

import "iter"

func iterPull(rows func(yield func([]any) bool)) (func() ([]any, bool), func()) {
	return iter.Pull(iter.Seq[[]any](rows))
}
