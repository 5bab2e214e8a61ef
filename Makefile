.PHONY: serve test test-postgres check-plans build

build:
	swift build

serve:
	swift run healthcity serve

test:
	swift test --skip "ReachesARunningServer"
	swift test --skip-build --filter "ReachesARunningServer"

# The CI lane: installs and starts PostgreSQL (Debian packages), then runs the tests on both engines.
test-postgres:
	bash .ci/run

check-plans:
	swift run healthcity plan check plans/
