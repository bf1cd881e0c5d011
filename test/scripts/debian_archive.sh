# Packages of other Debian releases, fetched without installing anything:
# the suites that build or run against other PostgreSQL majors source this
# file (portability.sh, and postgresql13.sh and pg_upgrade.sh through
# pg13_root.sh).
#
#   sq_debian_lists DIR SUITE ...     a private apt configuration under DIR
#                                     for the main component of each SUITE,
#                                     this machine's keyring (apt checks the
#                                     archive's signatures) and no installed
#                                     packages as candidates; reads the lists.
#                                     Prints apt's output; fails unless every
#                                     suite's list is there (apt-get update
#                                     exits 0 when it fetched nothing).
#   sq_debian_download DIR PACKAGE ...
#                                     downloads the packages into DIR/debs
#                                     (after sq_debian_lists DIR); prints
#                                     apt's output, fails as apt-get does.

sq_debian_apt_options() {
    SQ_APT_OPTIONS=(-o "Dir::State::Lists=$1/apt/lists" -o "Dir::Etc::SourceList=$1/apt/sources.list"
        -o "Dir::Etc::SourceParts=/dev/null" -o "Dir::Cache=$1/apt/cache" -o "APT::Sandbox::User=root"
        -o "Dir::State::status=/dev/null")
}

sq_debian_lists() {
    local dir=$1 suite status
    shift
    mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs"
    for suite in "$@"; do
        echo "deb http://deb.debian.org/debian $suite main"
    done >"$dir/apt/sources.list"
    sq_debian_apt_options "$dir"
    apt-get "${SQ_APT_OPTIONS[@]}" update 2>&1
    status=$?
    for suite in "$@"; do
        ls "$dir"/apt/lists/*_dists_"${suite}"_main_binary-*_Packages* >/dev/null 2>&1 || status=1
    done
    return $status
}

sq_debian_download() {
    local dir=$1
    shift
    sq_debian_apt_options "$dir"
    (cd "$dir/debs" && apt-get "${SQ_APT_OPTIONS[@]}" download "$@") 2>&1
}
