#!/usr/bin/env bash
# Releases version X.Y.Z: sets the version, rebuilds dist/, commits, tags vX.Y.Z and moves
# the major tag vX to it, so that users of `@vX` get the release. Pushing is left to you.
#   script/release.sh 1.2.0
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-}
[[ $version =~ ^([0-9]+)\.[0-9]+\.[0-9]+$ ]] || { echo "usage: script/release.sh X.Y.Z" >&2; exit 2; }
major="v${BASH_REMATCH[1]}"
tag="v$version"

[ "$(git rev-parse --abbrev-ref HEAD)" = main ] || { echo "release from main" >&2; exit 1; }
[ -z "$(git status --porcelain)" ] || { echo "the working tree is not clean" >&2; exit 1; }
! git rev-parse -q --verify "refs/tags/$tag" >/dev/null || { echo "$tag exists already" >&2; exit 1; }
grep -q "^## \[$version\]" CHANGELOG.md || { echo "CHANGELOG.md has no '## [$version]' section" >&2; exit 1; }

npm version "$version" --no-git-tag-version >/dev/null
sed -i.bak -E "s/^export const ACTION_VERSION = '.*'$/export const ACTION_VERSION = '$version'/" src/version.ts && rm src/version.ts.bak
npm run bundle
git add package.json package-lock.json src/version.ts dist
git commit -m "Release $tag"
# The same checks as CI, on the release commit (dist/ must match it); no tag if they fail.
bash .ci/run

git tag -a "$tag" -m "$tag"
git tag -fa "$major" -m "$major (currently $tag)"

echo
echo "Tagged $tag and moved $major. Publish with:"
echo "  git push origin main $tag && git push --force origin $major"
echo "then draft the GitHub release for $tag from CHANGELOG.md."
