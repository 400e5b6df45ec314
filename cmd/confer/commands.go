package main

import "io"

// subcommands are the commands other than serving. Those that read the
// journal run with the server stopped, since it admits one process at a
// time; people edits the people file, which a running server rereads.
var subcommands = map[string]func(args []string, stdin io.Reader, stdout io.Writer) error{
	"export": func(args []string, _ io.Reader, stdout io.Writer) error { return runExport(args, stdout) },
	"erase":  runErase,
	"audit":  func(args []string, _ io.Reader, stdout io.Writer) error { return runAudit(args, stdout) },
	"retention": func(args []string, _ io.Reader, stdout io.Writer) error {
		return runRetention(args, stdout)
	},
	"unseal": func(args []string, _ io.Reader, stdout io.Writer) error { return runUnseal(args, stdout) },
	"people": func(args []string, _ io.Reader, stdout io.Writer) error { return runPeople(args, stdout) },
}
