package main

import (
	"flag"

	"confer/server"
)

// limitFlags registers a flag for every server limit, defaulting to
// server.DefaultLimits, and returns them as the flags are parsed.
func limitFlags(fs *flag.FlagSet) *server.Limits {
	d := server.DefaultLimits
	l := &server.Limits{}
	fs.Float64Var(&l.ConnRate, "conn-rate", d.ConnRate, "failed connections per second one address is allowed before it is penalised")
	fs.IntVar(&l.ConnBurst, "conn-burst", d.ConnBurst, "failed connections one address may make at once before it is penalised")
	fs.IntVar(&l.PenaltyQueue, "penalty-queue", d.PenaltyQueue, "connections from a penalised address that may wait their turn")
	fs.DurationVar(&l.HandshakeTimeout, "handshake-timeout", d.HandshakeTimeout, "time allowed for the SSH handshake and authentication")
	fs.IntVar(&l.MaxConns, "max-conns", d.MaxConns, "open connections, authenticated or not")
	fs.IntVar(&l.MaxSessions, "max-sessions", d.MaxSessions, "terminals across the server")
	fs.IntVar(&l.MaxSessionsPerKey, "max-sessions-per-key", d.MaxSessionsPerKey, "terminals one key may hold open")
	fs.IntVar(&l.MaxSessionsPerConference, "max-sessions-per-conference", d.MaxSessionsPerConference, "terminals watching one conference")
	fs.IntVar(&l.InputRate, "input-rate", d.InputRate, "bytes per second one terminal may type")
	fs.IntVar(&l.InputBurst, "input-burst", d.InputBurst, "bytes one terminal may type at once")
	fs.IntVar(&l.PasteRate, "paste-rate", d.PasteRate, "bytes per second inside a bracketed paste")
	fs.IntVar(&l.PasteBurst, "paste-burst", d.PasteBurst, "bytes at once inside a bracketed paste")
	fs.IntVar(&l.MaxPaste, "max-paste", d.MaxPaste, "longest paste passed on, in bytes; a longer one is cut")
	fs.IntVar(&l.ResizeRate, "resize-rate", d.ResizeRate, "window changes per second passed on to the app")
	fs.IntVar(&l.MaxWidth, "max-width", d.MaxWidth, "widest terminal drawn for, in columns")
	fs.IntVar(&l.MaxHeight, "max-height", d.MaxHeight, "tallest terminal drawn for, in rows")
	fs.DurationVar(&l.FloodWarn, "flood-warn", d.FloodWarn, "time over the input or resize limit before a terminal is warned")
	fs.DurationVar(&l.FloodClose, "flood-close", d.FloodClose, "time over the input or resize limit before a terminal is closed")
	fs.DurationVar(&l.KeepAliveInterval, "keepalive-interval", d.KeepAliveInterval, "how often a quiet client is asked to answer")
	fs.DurationVar(&l.KeepAliveTimeout, "keepalive-timeout", d.KeepAliveTimeout, "how long a client has to answer")
	fs.DurationVar(&l.WriteTimeout, "write-timeout", d.WriteTimeout, "how long a write to a terminal may take before the client is dropped")
	fs.IntVar(&l.FPS, "fps", d.FPS, "most frames per second sent to one terminal")
	return l
}
