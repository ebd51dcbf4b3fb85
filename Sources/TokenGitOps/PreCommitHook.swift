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
        # `tokenctl init` installs a copy in git's own hooks folder (git rev-parse --git-path hooks).
        # It runs only $TOKENCTL_BIN or the tokenctl on PATH, never a binary inside the work tree,
        # which a pull request could commit.
        if [ -n "$TOKENCTL_BIN" ]; then
          tokenctl=$TOKENCTL_BIN
        elif tokenctl=$(command -v tokenctl); then
          # A relative PATH entry (such as .) would find a tokenctl in the work tree.
          case $tokenctl in
            "$(git rev-parse --show-toplevel)"/* | [!/]*)
              echo "tokenctl pre-commit: refusing $tokenctl: it is inside the work tree or found through a relative PATH entry" >&2
              exit 1 ;;
          esac
        else
          echo "tokenctl pre-commit: tokenctl is not on PATH and TOKENCTL_BIN is not set; install it, e.g. swift build -c release && install -m 755 .build/release/tokenctl /usr/local/bin/" >&2
          exit 1
        fi
        exec "$tokenctl" check --staged

        """#
}
