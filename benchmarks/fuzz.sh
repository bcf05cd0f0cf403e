#!/usr/bin/env bash
# Bad input, generated, at length: the generated-input tests of every service (requests made from each service's
# OpenAPI document, valid and mutated) with more requests than CI sends and a seed of your choice. Invariant: never
# a 5xx, every 4xx a ProblemDetails, every 2xx body valid against the document. Prints what each service was sent.
# Usage: benchmarks/fuzz.sh [requests-per-service] [seed]   (CI sends 400 a service with seed 20261201)
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_REQUESTS=${1:-20000}
export FUZZ_SEED=${2:-$(date +%s)}
export FUZZ_SUMMARY
FUZZ_SUMMARY=$(mktemp /tmp/superheroes-fuzz-XXXX.md)
trap 'rm -f "$FUZZ_SUMMARY"' EXIT
dotnet build SuperHeroes.sln -c Debug -v q -nologo > /dev/null
status=0
for project in Heroes Villains Locations Fights; do
  dotnet test "tests/$project.Api.Tests" -c Debug --no-build --nologo \
    --filter "FullyQualifiedName~GeneratedRequestsFromTheOpenApiDocument" | grep -E "Passed!|Failed!|Failed |request [0-9]+ of seed" || status=1
done
echo
echo "| service | requests | seed | answers by status |"
echo "|---|---:|---:|---|"
cat "$FUZZ_SUMMARY"
exit $status
