// Command confer serves the live conference whiteboard over SSH, and
// exports conference records from the command line.
//
//	confer [--data DIR] [--listen ADDR] [--people FILE] [--templates FILE] [--master-key FILE] [--retention-days N]
//	confer export --data DIR --conference ID [--full|--family|--letter|--all] [--html] [--out DIR|-] [--to RECIPIENT]
//	confer erase --data DIR --conference ID [--yes]
//	confer audit --data DIR --conference ID
//	confer retention --data DIR [--days N]
//	confer unseal --data DIR FILE
//	confer people add|remove|list [--data DIR | --people FILE] ...
//
// The server also takes the limit flags, --public-host, --deadlines and
// --debug; `confer --help` and the README list them all.
//
// With no arguments it serves on 127.0.0.1:2222 from ./confer-data,
// creating the data directory, the journal and the host key on first run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"charm.land/log/v2"

	"confer/server"
	"confer/session"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if len(os.Args) > 1 && subcommands[os.Args[1]] != nil {
		err = subcommands[os.Args[1]](os.Args[2:], os.Stdin, os.Stdout)
	} else {
		err = run(ctx, os.Args[1:], os.Stdout)
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "confer:", err)
		os.Exit(1)
	}
}

// paths are the files confer keeps in its data directory.
type paths struct {
	dir, journal, hostKey, people, records string
}

func dataPaths(dir string) paths {
	return paths{
		dir:     dir,
		journal: filepath.Join(dir, "journal.db"),
		hostKey: filepath.Join(dir, "host_ed25519"),
		people:  filepath.Join(dir, "people.json"),
		records: filepath.Join(dir, "records"),
	}
}

// run serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("confer", flag.ContinueOnError)
	data := fs.String("data", "confer-data", "data directory: journal, host key, people file, records")
	listen := fs.String("listen", "127.0.0.1:2222", "address to listen on")
	people := fs.String("people", "", "people file (default DATA/people.json)")
	templates := fs.String("templates", "", "agenda templates file (JSON) overriding the built-in agendas")
	minutes := fs.Int("minutes-days", session.DefaultDeadlines.MinutesDays, "working days for the minutes to reach the family (10-20)")
	deadlines := fs.String("deadlines", "", "deadlines file (JSON): working days, review months, pre-birth rule, extra non-working days")
	debug := fs.Bool("debug", false, "debug logging (still never logs board content)")
	keyFile := keyFlag(fs)
	retention := fs.Int("retention-days", defaultRetentionDays, "days after a conference ends before it is listed for review (confer retention)")
	limits := limitFlags(fs)
	publicHost := fs.String("public-host", "", "host name people use to reach this server, shown in the ssh commands it tells them (default: the listening address, or this machine's name)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (did you mean 'confer export'?)", fs.Arg(0))
	}
	if *minutes < 10 || *minutes > 20 {
		return fmt.Errorf("--minutes-days must be between 10 and 20, got %d", *minutes)
	}
	p := dataPaths(*data)
	if *people != "" {
		p.people = *people
	}
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	logger := log.NewWithOptions(os.Stderr, log.Options{ReportTimestamp: true, Prefix: "confer"})
	if *debug {
		logger.SetLevel(log.DebugLevel)
	}

	opts := session.Options{Deadlines: session.DefaultDeadlines}
	if *deadlines != "" {
		raw, err := os.ReadFile(*deadlines)
		if err != nil {
			return fmt.Errorf("read the deadlines file: %w", err)
		}
		if opts.Deadlines, err = session.ParseDeadlines(raw); err != nil {
			return fmt.Errorf("%s: %s", *deadlines, session.ErrorMessage(err))
		}
	}
	// --minutes-days, when given, wins over the file.
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "minutes-days" {
			opts.Deadlines.MinutesDays = *minutes
		}
	})
	if *templates != "" {
		t, err := session.LoadTemplates(*templates)
		if err != nil {
			return err
		}
		opts.Templates = t
	}

	j, err := openJournal(p, journalOpts{keyFile: *keyFile, create: true, note: stdout})
	if err != nil {
		return err
	}
	defer j.Close()
	start := time.Now()
	svc, err := session.Open(j, opts)
	if err != nil {
		return err
	}
	logger.Info("journal replayed", "conferences", len(svc.Hubs()), "archived", svc.Archived(), "took", time.Since(start).Round(time.Millisecond))
	retentionNotice(stdout, svc, *retention)

	srv, err := server.New(server.Config{
		Addr:        *listen,
		HostKeyPath: p.hostKey,
		PeoplePath:  p.people,
		RecordsDir:  p.records,
		PrefsDir:    filepath.Join(p.dir, "prefs"),
		Service:     svc,
		Logger:      logger,
		Export:      sealedExporter(j, svc),
		Limits:      *limits,
		PublicHost:  *publicHost,
	})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *listen, err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()

	printWelcome(stdout, l.Addr(), srv.BootstrapCode(), p.people)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		logger.Warn("shutdown", "err", err)
	}
	<-served
	return nil
}

// printWelcome tells whoever started the server how to connect. The
// first-run code goes to the console only, never to the log.
func printWelcome(w io.Writer, addr net.Addr, code, people string) {
	host, port := "127.0.0.1", "2222"
	if a, ok := addr.(*net.TCPAddr); ok {
		port = strconv.Itoa(a.Port)
		if !a.IP.IsUnspecified() {
			host = a.IP.String()
		}
	}
	fmt.Fprintf(w, "confer is listening on %s\n", addr)
	fmt.Fprintf(w, "Connect with:  ssh -p %s %s\n", port, host)
	if code != "" {
		fmt.Fprintf(w, "\nNobody may chair yet. To claim the chair role (once, within 24 hours), connect with this code as the user name:\n")
		fmt.Fprintf(w, "  ssh -p %s %s@%s\n", port, code, host)
		fmt.Fprintf(w, "Your key is then added to %s; add other people there.\n", people)
	}
}
