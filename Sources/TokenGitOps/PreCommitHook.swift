/// The pre-commit hook that `tokenctl init` installs: the same text as the project's `hooks/pre-commit`.
///
/// A test keeps the two identical byte for byte.
public enum PreCommitHook {
    /// The hook's file name inside the hooks folder.
    public static let fileName = "pre-commit"

    /// The POSIX sh script.
    public static let script = #"""
        #!/bin/sh
        # tokenctl pre-commit hook: refuses a commit that stages a plaintext token or a bad token file.
        # Installed by `tokenctl init` (git config core.hooksPath hooks). The checks live in the binary.
        top=$(git rev-parse --show-toplevel) || exit 1
        if [ -n "$TOKENCTL_BIN" ]; then
          tokenctl=$TOKENCTL_BIN
        elif command -v tokenctl >/dev/null 2>&1; then
          tokenctl=tokenctl
        elif [ -x "$top/.build/release/tokenctl" ]; then
          tokenctl=$top/.build/release/tokenctl
        elif [ -x "$top/.build/debug/tokenctl" ]; then
          tokenctl=$top/.build/debug/tokenctl
        else
          echo "tokenctl pre-commit: tokenctl not found on PATH or in .build/release; build it with 'swift build -c release' (or set TOKENCTL_BIN)" >&2
          exit 1
        fi
        exec "$tokenctl" check --staged

        """#
}
