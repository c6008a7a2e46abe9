package api_test

import (
	"os"
	"regexp"
	"sort"
	"testing"

	"roster/internal/apitest"
	"roster/internal/store"
)

// The README's coverage table must say "yes" for exactly the routes the server registers.
func TestReadmeCoverageMatchesRoutes(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| [^|]+ \\| `([A-Z]+ /[^`]+)` \\| (yes|no) \\|")
	documented := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(data), -1) {
		if _, dup := documented[m[1]]; dup {
			t.Errorf("README lists %s twice", m[1])
		}
		documented[m[1]] = m[2]
	}
	if len(documented) < 100 {
		t.Fatalf("found only %d rows in the README coverage table", len(documented))
	}
	served := map[string]bool{}
	for _, p := range apitest.Start(t, store.SQLite, nil).API.Routes() {
		served[p] = true
	}
	var problems []string
	for p := range served {
		if documented[p] != "yes" {
			problems = append(problems, "served but not marked yes: "+p)
		}
	}
	for p, v := range documented {
		if v == "yes" && !served[p] {
			problems = append(problems, "marked yes but not served: "+p)
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}
