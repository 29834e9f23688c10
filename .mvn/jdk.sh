# Sourced by ./mvnw and ./icsmap: points JAVA_HOME at a JDK 25 or newer.
# Order: JAVA_HOME if it is already 25+, then the newest JDK 25+ under /usr/lib/jvm.
icsmap_jdk_feature() {
  # Prints the feature release (e.g. 25) of the JDK at $1, or nothing if it is not a JDK.
  [ -x "$1/bin/javac" ] && [ -r "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}
icsmap_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ "$(icsmap_jdk_feature "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    return 0
  fi
  best="" best_feature=0
  # ls, not a glob: mvnw runs with globbing off (set -f).
  for name in $(ls -1 /usr/lib/jvm 2>/dev/null); do
    candidate="/usr/lib/jvm/$name"
    feature=$(icsmap_jdk_feature "$candidate")
    if [ -n "$feature" ] && [ "$feature" -ge 25 ] && [ "$feature" -gt "$best_feature" ]; then
      best="$candidate" best_feature="$feature"
    fi
  done
  if [ -z "$best" ]; then
    echo "icsmap needs a JDK 25 or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}; no JDK 25+ under /usr/lib/jvm)." >&2
    echo "Install one, e.g. 'apt-get install temurin-25-jdk' (Adoptium repository) or unpack a JDK 25 and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
