#!/usr/bin/env bash
# Smoke test with the real OpenSSH client inside tmux: build confer, start
# it on a free port with a fresh data directory and a generated people file
# (a chair and a viewer, ed25519 keys from ssh-keygen), then drive the real
# UI: the chair creates a conference through the lobby form, accepts the
# confidentiality statement, adds the viewer, starts the agenda and writes
# an item; the viewer connects, accepts and sees both; then a scaling round
# is opened, the viewer scores and the chair reveals it. Along the way the
# chair pastes two lines (bracketed paste), and at the end the viewer
# leaves for the lobby (L, which asks first) and opens the conference again.
# Command keys are sent 0.4 s apart, as a person presses them.
#
# Works with CI=true and no stdin. Exits non-zero with the panes captured
# on failure; always stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq </dev/null >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" </dev/null >/dev/null
fi

work=$(mktemp -d)
sock="confer-smoke-$$"
confer_pid=""
cleanup() {
  tmux -L "$sock" kill-server >/dev/null 2>&1 || true
  if [ -n "$confer_pid" ]; then kill "$confer_pid" 2>/dev/null || true; wait "$confer_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "tmux-smoke: FAIL: $*" >&2
  for w in chair viewer linear; do
    if tmux -L "$sock" has-session -t "smoke:$w" 2>/dev/null; then
      echo "---- $w pane ----" >&2
      tmux -L "$sock" capture-pane -p -t "smoke:$w" >&2 || true
    fi
  done
  echo "---- confer log ----" >&2
  tail -n 40 "$work/confer.log" >&2 || true
  exit 1
}

echo "tmux-smoke: building"
go build -o "$work/confer" ./cmd/confer

ssh-keygen -q -t ed25519 -N "" -C chair -f "$work/chair" </dev/null
ssh-keygen -q -t ed25519 -N "" -C viewer -f "$work/viewer" </dev/null
cat >"$work/people.json" <<EOF
[
  {"id": "smoke.chair", "name": "Sam Chair", "agency": "Children's Social Care", "profession": "Independent chair",
   "may_chair": true, "admin": false, "keys": ["$(cat "$work/chair.pub")"]},
  {"id": "smoke.viewer", "name": "Vera Viewer", "agency": "Health", "profession": "GP",
   "may_chair": false, "admin": false, "keys": ["$(cat "$work/viewer.pub")"]}
]
EOF
chmod 600 "$work/people.json"

"$work/confer" --data "$work/data" --listen 127.0.0.1:0 --people "$work/people.json" \
  >"$work/confer.log" 2>&1 </dev/null &
confer_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' "$work/confer.log" | head -n1)
  [ -n "$port" ] && break
  kill -0 "$confer_pid" 2>/dev/null || fail "confer exited"
  sleep 0.1
done
[ -n "$port" ] || fail "confer did not report its port"
echo "tmux-smoke: confer on port $port"

ssh_cmd() { # ssh_cmd KEY USER
  echo "ssh -tt -p $port -i $work/$1 -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes $2@127.0.0.1"
}

pane() { tmux -L "$sock" capture-pane -p -t "smoke:$1"; }
# Keys are pressed as a person presses commands: not within the app's
# typing window (350 ms), inside which a run of different letters on the
# board is taken as stray typing and not obeyed.
send() { sleep 0.4; tmux -L "$sock" send-keys -t "smoke:$1" "${@:2}"; }
type_text() { tmux -L "$sock" send-keys -t "smoke:$1" -l "$2"; }
wait_for() { # wait_for WINDOW TEXT [SECONDS]
  local deadline=$((SECONDS + ${3:-15}))
  while [ $SECONDS -lt $deadline ]; do
    if pane "$1" | grep -qF -- "$2"; then return 0; fi
    sleep 0.2
  done
  fail "$1 never showed: $2"
}

tmux -L "$sock" new-session -d -s smoke -n chair -x 110 -y 35 "$(ssh_cmd chair smoke.chair)"
tmux -L "$sock" set-option -t smoke remain-on-exit on >/dev/null

# The chair creates a conference through the lobby form.
wait_for chair "Your conferences" 20
send chair n
wait_for chair "Type"
send chair Enter                       # type: initial
type_text chair "SMOKE-1"; send chair Enter
type_text chair "Child A (2020-01-02)"; send chair Enter
send chair Enter                       # date: today
type_text chair "Room 1"; send chair Enter
wait_for chair "Confidentiality"
send chair y
wait_for chair "Agenda"

# The chair adds the viewer from the people file.
send chair P
wait_for chair "People  (esc"
send chair +
wait_for chair "Add a known person"
send chair Enter; send chair Enter; send chair Enter
wait_for chair "Person added"
send chair Escape

# The viewer connects with the real OpenSSH client and accepts.
tmux -L "$sock" new-window -d -t smoke -n viewer "$(ssh_cmd viewer smoke.viewer)"
wait_for viewer "Confidentiality" 20
send viewer y
wait_for viewer "Agenda"

# The chair starts the agenda and writes on the board; the viewer follows.
send chair n
wait_for viewer "Step 1/"
send chair a
wait_for chair "Add to"
type_text chair "Smoke test item"; send chair Enter
wait_for viewer "Smoke test item"

# Full-width lines keep their last column: the chair's row of panel tabs
# (it starts "Agenda") is cut to the width with a final "…", and an erase
# sent after a full line used to wipe that last cell.
reaches_end() { # reaches_end WINDOW PREFIX: the row starting PREFIX fills the pane
  local LC_ALL=C.UTF-8 w l
  w=$(tmux -L "$sock" display-message -p -t "smoke:$1" '#{pane_width}')
  l=$(pane "$1" | grep -m1 -F -- "$2" || true)
  [ -n "$l" ] || fail "$1 shows no row starting $2"
  [ "${#l}" -eq "$w" ] && [ "${l: -1}" = "…" ] ||
    fail "$1: the row starting '$2' is ${#l} of $w columns and ends '${l: -1}'; want the last column kept"
}
reaches_end chair "Agenda  "

# A bracketed paste through tmux (paste-buffer -p sends the markers the app
# asked for): it arrives as one paste, so its line break does not submit
# the form half-way, and the escape sequence inside it never reaches the
# viewer's terminal as one.
send chair a
wait_for chair "Add to"
tmux -L "$sock" set-buffer -b smoke $'Pasted \e[31mminutes one\nPasted minutes two'
tmux -L "$sock" paste-buffer -p -b smoke -t smoke:chair
wait_for chair "Pasted minutes two"
send chair Enter
wait_for viewer "Pasted minutes one"
wait_for viewer "Pasted minutes two"

# A scaling round at the scaling step: opened by the chair, scored by the
# viewer (sealed), revealed.
for _ in $(seq 1 10); do send chair n; done
wait_for viewer "Step 11/"
send chair o
wait_for chair "Open a scaling round"
send chair Enter; send chair Enter; send chair Enter
wait_for viewer "scor" 15
send viewer s
wait_for viewer "Score (0-10)"
type_text viewer "6"; send viewer Enter
type_text viewer "Smoke reason"; send viewer Enter
wait_for chair "✓ scored"
send chair r
wait_for chair "Reveal the scores?"     # revealing asks first
send chair y
wait_for viewer "REVEALED"
wait_for viewer "Smoke reason"

echo "tmux-smoke: viewer's screen after the round:"
pane viewer

# L leaves for the lobby, from which the conference opens again.
send viewer L
wait_for viewer "Leave this conference for the lobby?"   # leaving asks first
send viewer y
wait_for viewer "You have left the conference."
send viewer Enter
wait_for viewer "Confidentiality"
# Linear mode for screen readers, chosen with the real client's SetEnv:
# the viewer accepts, has the board read out, and hears the chair move the
# agenda; the raw stream tmux received holds no escape sequence at all.
tmux -L "$sock" new-window -d -t smoke -n linear "$(ssh_cmd viewer smoke.viewer | sed 's/^ssh /ssh -o SetEnv=CONFER_MODE=linear /')"
tmux -L "$sock" pipe-pane -o -t smoke:linear "cat >>$work/linear.raw"
wait_for linear "Press y to accept" 20
send linear y
wait_for linear "You are a viewer."
send linear B
wait_for linear "Smoke test item"
send chair n
wait_for linear "Chair moved to step 12 of"
if LC_ALL=C grep -q $'\e' "$work/linear.raw"; then fail "linear mode sent an escape sequence"; fi
echo "tmux-smoke: linear mode:"
pane linear | grep -v "^ *$" | tail -n 8

echo "tmux-smoke: OK"
