#!/usr/bin/env bash
# Regenerates the gallery in docs/: every page and tab, in English and Chinese, at 1400 px and
# 390 px, as tests/e2e/accessibility.test.mjs screenshots them (into target/screens/, which
# the full test command also writes). The shots are copied to docs/screens/ and listed in
# docs/screens.md, so that a change to what a person sees shows in review.
#
#   scripts/screens.sh           build, run the gallery test against the test cloud, copy
#   scripts/screens.sh --copy    only copy what the last run left in target/screens/
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GP_ROOT"

if [[ "${1:-}" != --copy ]]; then
  scripts/test.sh --quick tests/e2e/accessibility.test.mjs
fi
SHOTS=target/screens
[[ -d "$SHOTS" ]] || { echo "no screenshots in $SHOTS: run without --copy" >&2; exit 1; }

rm -rf docs/screens
mkdir -p docs/screens
cp -r "$SHOTS"/. docs/screens/

# The same order as the test visits the pages.
PAGES=(login list image-details image-edit image-tags image-sharing image-actions new new-url shared not-found)
{
  echo "# What a person sees"
  echo
  echo "Every page and tab of the portal in English and Chinese, at a desktop width (1400 px) and a"
  echo "phone's (390 px), with the test cloud's data. \`scripts/screens.sh\` regenerates this page and"
  echo "\`docs/screens/\` (the full test command writes the same shots to \`target/screens/\`); the"
  echo "test that takes them also runs axe on each. Generated $(date -u +%Y-%m-%d) at $(git rev-parse --short HEAD)."
  for width in 1400 390; do
    echo
    echo "## ${width} px"
    echo
    echo "| page | English | 简体中文 |"
    echo "|---|---|---|"
    for page in "${PAGES[@]}"; do
      [[ -f "docs/screens/$width/en-$page.png" ]] || continue
      echo "| $page | ![$page, English, $width px](screens/$width/en-$page.png) | ![$page, 简体中文, $width px](screens/$width/zh-CN-$page.png) |"
    done
  done
} > docs/screens.md
echo "docs/screens.md: $(find docs/screens -name '*.png' | wc -l) screenshots, $(du -sh docs/screens | cut -f1)"
