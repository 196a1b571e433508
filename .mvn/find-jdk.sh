# Finds a JDK (or JRE) of a minimum feature version. Sourced, POSIX sh, few forks (it runs before
# every `consort` command). Used by ./mvnw, .ci/run and the distribution's bin/consort.
#
#   consort_locate_java MIN [want_javac]   sets CONSORT_JAVA_FOUND (a Java home) and
#                                          CONSORT_JAVA_FEATURE (17, 21, 25...); returns 1 if none
#   consort_find_java MIN [want_javac]     prints the home instead
#
# Looks, in order, at $CONSORT_JAVA_HOME, $JAVA_HOME, the `java` on PATH, then the usual JVM folders
# (/usr/lib/jvm, /usr/java, /opt/java, /Library/Java/JavaVirtualMachines, ~/.sdkman, ~/.jdks),
# preferring the newest there.

consort_java_feature() {
  # $1: a Java home. Sets CONSORT_JAVA_FEATURE from its `release` file (no fork), else asks java.
  CONSORT_JAVA_FEATURE=
  if [ -r "$1/release" ]; then
    while IFS= read -r _cj_line || [ -n "$_cj_line" ]; do
      case $_cj_line in
        JAVA_VERSION=*)
          _cj_v=${_cj_line#JAVA_VERSION=\"}
          _cj_v=${_cj_v%%[.\"_-]*}
          [ "$_cj_v" = 1 ] && _cj_v=8
          CONSORT_JAVA_FEATURE=$_cj_v
          break ;;
      esac
    done < "$1/release"
  fi
  if [ -z "$CONSORT_JAVA_FEATURE" ] && [ -x "$1/bin/java" ]; then
    CONSORT_JAVA_FEATURE=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p' | sed 's/^1\.//' | head -n 1)
  fi
  [ -n "$CONSORT_JAVA_FEATURE" ]
}

consort_java_fits() {
  # $1 home, $2 min, $3 non-empty when javac is needed. Sets CONSORT_JAVA_FEATURE.
  [ -n "$1" ] && [ -x "$1/bin/java" ] || return 1
  [ -z "$3" ] || [ -x "$1/bin/javac" ] || return 1
  consort_java_feature "$1" || return 1
  [ "$CONSORT_JAVA_FEATURE" -ge "$2" ] 2>/dev/null
}

consort_locate_java() {
  _cfj_min=$1
  _cfj_javac=${2-}
  CONSORT_JAVA_FOUND=
  for _cfj_h in "${CONSORT_JAVA_HOME-}" "${JAVA_HOME-}"; do
    if consort_java_fits "$_cfj_h" "$_cfj_min" "$_cfj_javac"; then CONSORT_JAVA_FOUND=$_cfj_h; return 0; fi
  done
  _cfj_java=$(command -v java 2>/dev/null || true)
  if [ -n "$_cfj_java" ]; then
    _cfj_real=$(readlink -f "$_cfj_java" 2>/dev/null || printf '%s' "$_cfj_java")
    _cfj_h=${_cfj_real%/bin/java}
    if consort_java_fits "$_cfj_h" "$_cfj_min" "$_cfj_javac"; then CONSORT_JAVA_FOUND=$_cfj_h; return 0; fi
  fi
  _cfj_bestv=0
  _cfj_f=$(set +f; printf '%s\n' /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home \
      "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/*)
  _cfj_ifs=$IFS
  IFS='
'
  for _cfj_h in $_cfj_f; do
    [ -d "$_cfj_h" ] && [ ! -L "$_cfj_h" ] || continue
    consort_java_fits "$_cfj_h" "$_cfj_min" "$_cfj_javac" || continue
    if [ "$CONSORT_JAVA_FEATURE" -gt "$_cfj_bestv" ]; then
      CONSORT_JAVA_FOUND=$_cfj_h
      _cfj_bestv=$CONSORT_JAVA_FEATURE
    fi
  done
  IFS=$_cfj_ifs
  [ -n "$CONSORT_JAVA_FOUND" ] || return 1
  CONSORT_JAVA_FEATURE=$_cfj_bestv
}

consort_find_java() {
  consort_locate_java "$@" || return 1
  printf '%s\n' "$CONSORT_JAVA_FOUND"
}
