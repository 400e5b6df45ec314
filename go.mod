module confer

go 1.26.0

require (
	github.com/rickar/cal/v2 v2.1.13
	go.etcd.io/bbolt v1.5.0
)

require (
	golang.org/x/sync v0.22.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
