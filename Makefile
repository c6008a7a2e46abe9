GO ?= go
BIN := $(CURDIR)/bin/roster

.PHONY: run build test test-go test-compat lint

run:
	$(GO) run ./cmd/roster

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/roster

# The one test command: Go tests (both databases when PostgreSQL is reachable), then the
# compatibility suite through the official Mattermost client.
test: test-go test-compat

test-go:
	$(GO) test -race -count=1 ./...

test-compat: build
	cd compat && npm ci --no-audit --no-fund && ROSTER_BIN=$(BIN) npm test

lint:
	$(GO) vet ./...
	staticcheck ./...
