// Package depstest enforces the import rules between Roster's packages.
package depstest

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// allowed lists, for each internal package, the internal packages it may import. Imports
// point one way: cmd → api → app → store → model.
var allowed = map[string][]string{
	"roster/internal/model":      {},
	"roster/internal/config":     {},
	"roster/internal/permission": {},
	"roster/internal/cache":      {},
	"roster/internal/auth":       {"model"},
	"roster/internal/metrics":    {},
	"roster/internal/images":     {},
	"roster/internal/mail":       {},
	"roster/internal/ratelimit":  {},
	"roster/internal/store":      {"model", "store/migrations", "userindex"},
	"roster/internal/userindex":  {},
	"roster/internal/app":        {"model", "config", "permission", "cache", "auth", "store", "images", "ratelimit"},
	"roster/internal/api":        {"model", "config", "permission", "auth", "app", "images", "ratelimit"},
}

func TestImportRules(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-json", "roster/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		rules, ok := allowed[p.ImportPath]
		if !ok {
			continue
		}
		seen++
		ok2 := map[string]bool{}
		for _, r := range rules {
			ok2["roster/internal/"+r] = true
		}
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, "roster/") && !ok2[imp] {
				t.Errorf("%s imports %s, which the layering forbids", p.ImportPath, imp)
			}
		}
	}
	if seen < 8 {
		t.Errorf("checked only %d packages; is the module path right?", seen)
	}
}
