# Headless Chromium for the suites and scripts that check an ECharts page
# (test/suites/demo.sh, test/bench/charts.sh): source this file.
#
#   sq_chromium WORK WIDTH,HEIGHT PAGE [chromium options ...]
#
# opens the local file PAGE in a window of that size with a fresh profile in
# WORK/profile, lets its scripts run for up to 15 s of virtual time, and
# does what the options ask (--dump-dom, --screenshot=FILE); Chromium's own
# messages are dropped.
#
#   sq_chart_shapes DOM CHART
#
# prints the SVG shapes of the chart whose data-chart is CHART in a page
# dumped with --dump-dom (examples/demo/echarts_page.js), nothing unless
# the chart finished drawing (data-rendered="true").
sq_chromium() {
    local work=$1 size=$2 page=$3
    shift 3
    rm -rf "$work/profile"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
        --disable-component-update --disable-sync --disable-quic --user-data-dir="$work/profile" \
        --virtual-time-budget=15000 --window-size="$size" "$@" "file://$page" 2>/dev/null
}

sq_chart_shapes() {
    grep -o "data-chart=\"$2\"[^>]*" "$1" | grep 'data-rendered="true"' |
        sed -n 's/.*data-shapes="\([0-9]*\)".*/\1/p' || true
}
