#!/usr/bin/env bash
# Runtime blobs for upgrades by consortium vote.
#
#   runtime-upgrade.sh wasm        print the runtime blob of the current node build (the file to
#                                  authorize and apply) with its size and blake2-256 hash
#   runtime-upgrade.sh rehearsal   build the same runtime announced as the next version
#                                  (spec_version + 1, cargo feature `upgrade-rehearsal`) and print
#                                  its blob, for rehearsing an upgrade on a test network
#   --json                         one JSON object on stdout instead of text
#
# The upgrade itself: a member proposes `scripts/consortium.sh motion authorize-upgrade FILE`,
# three quarters of the members vote and someone closes it (which schedules the authorisation),
# anyone runs `scripts/consortium.sh enact ID` once the enactment delay has passed, then anyone
# runs `scripts/consortium.sh apply-upgrade FILE` (docs/operator-guide.md, "Upgrading the runtime").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

die() { echo "error: $*" >&2; exit 1; }
json=false
args=()
for arg in "$@"; do
	case "$arg" in
		--json) json=true ;;
		*) args+=("$arg") ;;
	esac
done
cmd="${args[0]:-}"

WBUILD="$CARGO_TARGET_DIR/release/wbuild"
PROJECT="$WBUILD/loanchain-runtime"
# The zstd prefix of sp-maybe-compressed-blob: the node decompresses blobs that start with it.
ZSTD_PREFIX='\x52\xbc\x53\x76\x46\xdb\x8e\x05'

report() {
	local file=$1 spec=$2 size hash
	size=$(stat -c %s "$file")
	hash="0x$(b2sum -l 256 "$file" | cut -d' ' -f1)"
	if $json; then
		printf '{"file":"%s","bytes":%d,"blake2_256":"%s","specVersion":%d}\n' "$file" "$size" "$hash" "$spec"
	else
		echo "file:        $file"
		echo "bytes:       $size"
		echo "blake2-256:  $hash"
		echo "specVersion: $spec"
	fi
}

spec_version() {
	# The spec_version of the cfg branch named by $1 ("not" for the normal build, "" for the
	# rehearsal) in runtime/src/lib.rs.
	local want=$1
	awk -v want="$want" '
		/#\[cfg\(not\(feature = "upgrade-rehearsal"\)\)\]/ { branch = "not"; next }
		/#\[cfg\(feature = "upgrade-rehearsal"\)\]/ { branch = ""; seen = 1; next }
		/spec_version:/ && branch == want && (want == "not" || seen) { gsub(/[^0-9]/, ""); print; exit }
	' "$LOANCHAIN_ROOT/runtime/src/lib.rs"
}

need_build() {
	[ -f "$PROJECT/Cargo.toml" ] && [ -f "$PROJECT/loanchain_runtime.compact.compressed.wasm" ] ||
		die "no runtime build in $WBUILD: build the node first (scripts/dev.sh or scripts/test.sh build it)"
}

case "$cmd" in
	wasm)
		need_build
		report "$PROJECT/loanchain_runtime.compact.compressed.wasm" "$(spec_version not)"
		;;
	rehearsal)
		need_build
		command -v zstd >/dev/null || die "zstd is missing: run scripts/setup.sh"
		# A copy of the wasm project that substrate-wasm-builder generated for the node build, with
		# the rehearsal feature and another library name, built in the same wasm target directory:
		# every dependency is reused and the node's own blob is left untouched.
		out="$WBUILD/loanchain-runtime-rehearsal"
		mkdir -p "$out/src"
		cp "$PROJECT/src/lib.rs" "$out/src/lib.rs"
		cp "$PROJECT/Cargo.lock" "$out/Cargo.lock"
		sed -e 's/^name = "loanchain-runtime-blob"/name = "loanchain-runtime-rehearsal-blob"/' \
			-e 's/^name = "loanchain_runtime"/name = "loanchain_runtime_rehearsal"/' \
			-e "s#^path = \".*\"#path = \"$LOANCHAIN_ROOT/runtime\"#" \
			-e 's/^features = \[/features = [\n    "upgrade-rehearsal",/' \
			"$PROJECT/Cargo.toml" >"$out/Cargo.toml"
		grep -q '"upgrade-rehearsal"' "$out/Cargo.toml" || die "could not add the rehearsal feature to $out/Cargo.toml"
		echo "==> building the rehearsal runtime (spec_version $(spec_version ""))" >&2
		# The same flags substrate-wasm-builder uses, so the dependencies are not rebuilt.
		(
			cd "$out"
			env -u CARGO_ENCODED_RUSTFLAGS -u RUSTC \
				CARGO_TARGET_DIR="$PROJECT/target" \
				RUSTFLAGS="-C link-arg=--export-table -C link-arg=--export=__heap_base -C link-arg=--import-memory --cfg substrate_runtime " \
				SKIP_WASM_BUILD="" \
				cargo rustc --target=wasm32v1-none --manifest-path="$out/Cargo.toml" --profile release >&2
		)
		bloaty="$PROJECT/target/wasm32v1-none/release/loanchain_runtime_rehearsal.wasm"
		[ -f "$bloaty" ] || die "the build did not produce $bloaty"
		blob="$out/loanchain_runtime_rehearsal.compressed.wasm"
		{ printf "$ZSTD_PREFIX"; zstd -q -19 -c "$bloaty"; } >"$blob.tmp"
		mv "$blob.tmp" "$blob"
		report "$blob" "$(spec_version "")"
		;;
	*)
		sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
		[ -z "$cmd" ] || [ "$cmd" = "-h" ] || [ "$cmd" = "--help" ] || exit 2
		;;
esac
