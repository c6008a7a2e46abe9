package app

import (
	"fmt"
	"strings"
)

// ETag joins the compatible server version and parts with dots, as Mattermost's model.Etag.
func ETag(parts ...any) string {
	var b strings.Builder
	b.WriteString(CompatibleServerVersion)
	for _, p := range parts {
		b.WriteByte('.')
		fmt.Fprint(&b, p)
	}
	return b.String()
}
