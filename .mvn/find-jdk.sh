# Finds a JDK (or JRE) of a minimum feature version and prints its home directory.
# Sourced, POSIX sh. Used by ./mvnw, .ci/run and the distribution's bin/consort.
#
#   consort_find_java MIN [want_javac]
#
# Looks, in order, at $CONSORT_JAVA_HOME, $JAVA_HOME, the `java` on PATH, then the usual
# JVM folders (/usr/lib/jvm, /usr/java, /opt/java, /Library/Java/JavaVirtualMachines,
# ~/.sdkman, ~/.jdks), preferring the newest there. Prints nothing and returns 1 when none fits.

consort_java_feature() {
  # $1: a Java home. Prints its feature version (17, 21, 25...) read from its `release` file,
  # falling back to asking the java binary.
  _cj_home=$1
  if [ -r "$_cj_home/release" ]; then
    _cj_v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$_cj_home/release" | head -n 1)
    [ "$_cj_v" = 1 ] && _cj_v=8
    if [ -n "$_cj_v" ]; then printf '%s\n' "$_cj_v"; return 0; fi
  fi
  [ -x "$_cj_home/bin/java" ] || return 1
  "$_cj_home/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p' | sed 's/^1\.//' | head -n 1
}

consort_java_fits() {
  # $1 home, $2 min, $3 non-empty when javac is needed
  [ -n "$1" ] && [ -x "$1/bin/java" ] || return 1
  [ -z "$3" ] || [ -x "$1/bin/javac" ] || return 1
  _cf_v=$(consort_java_feature "$1") || return 1
  [ -n "$_cf_v" ] && [ "$_cf_v" -ge "$2" ] 2>/dev/null
}

consort_find_java() {
  _cfj_min=$1
  _cfj_javac=${2-}
  for _cfj_h in "${CONSORT_JAVA_HOME-}" "${JAVA_HOME-}"; do
    if consort_java_fits "$_cfj_h" "$_cfj_min" "$_cfj_javac"; then printf '%s\n' "$_cfj_h"; return 0; fi
  done
  _cfj_java=$(command -v java 2>/dev/null || true)
  if [ -n "$_cfj_java" ]; then
    _cfj_real=$(readlink -f "$_cfj_java" 2>/dev/null || printf '%s' "$_cfj_java")
    _cfj_h=$(dirname "$(dirname "$_cfj_real")")
    if consort_java_fits "$_cfj_h" "$_cfj_min" "$_cfj_javac"; then printf '%s\n' "$_cfj_h"; return 0; fi
  fi
  _cfj_best= _cfj_bestv=0
  for _cfj_h in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home \
      "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/*; do
    [ -d "$_cfj_h" ] && [ ! -L "$_cfj_h" ] || continue
    consort_java_fits "$_cfj_h" "$_cfj_min" "$_cfj_javac" || continue
    _cfj_v=$(consort_java_feature "$_cfj_h")
    if [ "$_cfj_v" -gt "$_cfj_bestv" ]; then _cfj_best=$_cfj_h; _cfj_bestv=$_cfj_v; fi
  done
  [ -n "$_cfj_best" ] || return 1
  printf '%s\n' "$_cfj_best"
}
