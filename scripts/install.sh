#!/bin/sh
# Installs the unpacked release: ./install.sh [PREFIX] (default /usr/local).
# bin/casebook → PREFIX/bin, shell completions → PREFIX/share/{bash-completion,zsh,fish}.
set -eu
prefix="${1:-/usr/local}"
here="$(cd "$(dirname "$0")" && pwd)"
install -Dm755 "$here/bin/casebook" "$prefix/bin/casebook"
install -Dm644 "$here/share/bash-completion/completions/casebook" "$prefix/share/bash-completion/completions/casebook"
install -Dm644 "$here/share/zsh/site-functions/_casebook" "$prefix/share/zsh/site-functions/_casebook"
install -Dm644 "$here/share/fish/vendor_completions.d/casebook.fish" "$prefix/share/fish/vendor_completions.d/casebook.fish"
echo "installed $prefix/bin/casebook ($("$prefix/bin/casebook" --version))"
