// Command confer serves the live conference whiteboard over SSH, and
// exports conference records from the command line.
//
//	confer [--data DIR] [--listen ADDR] [--people FILE] [--templates FILE]
//	confer export --data DIR --conference ID [--full|--family|--letter|--all] [--out DIR|-]
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

	"confer/export"
	"confer/server"
	"confer/session"
	"confer/session/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if len(os.Args) > 1 && os.Args[1] == "export" {
		err = runExport(os.Args[2:], os.Stdout)
	} else if len(os.Args) > 1 && os.Args[1] == "people" {
		err = runPeople(os.Args[2:], os.Stdout)
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
	debug := fs.Bool("debug", false, "debug logging (still never logs board content)")
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
	opts.Deadlines.MinutesDays = *minutes
	if *templates != "" {
		t, err := session.LoadTemplates(*templates)
		if err != nil {
			return err
		}
		opts.Templates = t
	}

	j, err := store.Open(p.journal)
	if err != nil {
		return err
	}
	defer j.Close()
	start := time.Now()
	svc, err := session.Open(j, opts)
	if err != nil {
		return err
	}
	logger.Info("journal replayed", "conferences", len(svc.Hubs()), "took", time.Since(start).Round(time.Millisecond))

	srv, err := server.New(server.Config{
		Addr:        *listen,
		HostKeyPath: p.hostKey,
		PeoplePath:  p.people,
		RecordsDir:  p.records,
		PrefsDir:    filepath.Join(p.dir, "prefs"),
		Service:     svc,
		Logger:      logger,
		Export:      export.WriteAll,
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

// runExport writes conference records from the journal without a server.
func runExport(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("confer export", flag.ContinueOnError)
	data := fs.String("data", "confer-data", "data directory")
	id := fs.String("conference", "", "conference ID")
	full := fs.Bool("full", false, "the full record")
	family := fs.Bool("family", false, "the family copy")
	letter := fs.Bool("letter", false, "the decision letter")
	all := fs.Bool("all", false, "all three documents (the default)")
	out := fs.String("out", "", "output directory (default DATA/records); - writes one document to standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *id == "" {
		return errors.New("export: --conference ID is required")
	}
	var docs []export.Document
	if *full {
		docs = append(docs, export.FullRecord)
	}
	if *family {
		docs = append(docs, export.FamilyCopy)
	}
	if *letter {
		docs = append(docs, export.DecisionLetter)
	}
	if *all || len(docs) == 0 {
		if *out == "-" {
			return errors.New("export: --out - needs exactly one of --full, --family or --letter")
		}
		docs = []export.Document{export.FullRecord, export.FamilyCopy, export.DecisionLetter}
	}
	if *out == "-" && len(docs) != 1 {
		return errors.New("export: --out - needs exactly one of --full, --family or --letter")
	}

	p := dataPaths(*data)
	if _, err := os.Stat(p.journal); err != nil {
		return fmt.Errorf("export: no journal in %s: %w", p.dir, err)
	}
	j, err := store.Open(p.journal)
	if err != nil {
		return fmt.Errorf("export: %w (is the server running? stop it or export from the TUI)", err)
	}
	defer j.Close()
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		return err
	}
	h, ok := svc.Hub(*id)
	if !ok {
		return fmt.Errorf("export: no conference %q in %s", *id, p.dir)
	}
	snap := h.Snapshot()
	if *out == "-" {
		return docs[0].Encode(stdout, snap)
	}
	dir := *out
	if dir == "" {
		dir = p.records
	}
	written, err := export.Write(dir, snap, docs...)
	for _, f := range written {
		fmt.Fprintln(stdout, f)
	}
	return err
}
