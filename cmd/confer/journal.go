package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"confer/session/store"
)

// keyEnv holds the master key itself, for deployments that keep secrets in
// the environment rather than in a file.
const keyEnv = "CONFER_MASTER_KEY"

// keyFlag adds --master-key to a command's flags.
func keyFlag(fs *flag.FlagSet) *string {
	return fs.String("master-key", "", "master key file, kept outside the data directory (default: confer-master.key beside the data directory; or the key itself in $"+keyEnv+")")
}

// defaultKeyPath is beside the data directory, never inside it: a copy of
// the data directory alone must not carry its key.
func defaultKeyPath(dataDir string) string {
	return filepath.Join(filepath.Dir(filepath.Clean(dataDir)), "confer-master.key")
}

// inside reports whether path is dir or inside it.
func inside(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// journalOpts say how a command opens the journal.
type journalOpts struct {
	keyFile string    // --master-key, "" for the default
	create  bool      // a missing journal and key may be created (the server's first run)
	note    io.Writer // where messages for the operator go
}

// openJournal finds the master key and opens the journal with it. On the
// server's first run it creates the key and says where it is. A journal
// from before encryption is converted. Every failure is a sentence an
// operator can act on, and none of them changes the journal.
func openJournal(p paths, o journalOpts) (*store.Bolt, error) {
	key, err := masterKey(p, o)
	if err != nil {
		return nil, err
	}
	keyName := o.keyFile
	if env := os.Getenv(keyEnv); env != "" {
		keyName = "$" + keyEnv
	} else if keyName == "" {
		keyName = defaultKeyPath(p.dir)
	}
	j, err := store.Open(p.journal, key)
	if errors.Is(err, store.ErrPlaintext) {
		fmt.Fprintf(o.note, "The journal %s is from a version of confer that did not encrypt. Converting it now with the master key (%s)...\n", p.journal, keyName)
		n, merr := store.Migrate(p.journal, key)
		if merr != nil {
			return nil, fmt.Errorf("the plaintext journal %s could not be converted, and is unchanged: %w", p.journal, merr)
		}
		fmt.Fprintf(o.note, "Converted %d conferences; the journal is now encrypted.\n", n)
		j, err = store.Open(p.journal, key)
	}
	switch {
	case errors.Is(err, store.ErrWrongMasterKey):
		return nil, fmt.Errorf("the master key (%s) does not open the journal %s: it is another installation's key, or the key was changed. Give the right key with --master-key or $%s. Nothing was changed", keyName, p.journal, keyEnv)
	case errors.Is(err, store.ErrInUse):
		return nil, fmt.Errorf("the journal %s is in use by another process: stop the server first", p.journal)
	case err != nil:
		return nil, err
	}
	sealed, failed := sealPlainRecords(j, p.records)
	if sealed > 0 {
		fmt.Fprintf(o.note, "Encrypted %d plaintext record files in %s.\n", sealed, p.records)
	}
	if failed > 0 {
		fmt.Fprintf(o.note, "%d files in %s are not records of a conference in the journal and were left as they are.\n", failed, p.records)
	}
	return j, nil
}

// masterKey reads the key from $CONFER_MASTER_KEY or the key file, or on a
// first run creates the key file.
func masterKey(p paths, o journalOpts) (store.MasterKey, error) {
	if env := os.Getenv(keyEnv); env != "" {
		if o.keyFile != "" {
			return store.MasterKey{}, fmt.Errorf("give the master key either with --master-key or in $%s, not both", keyEnv)
		}
		k, err := store.ParseMasterKey(env)
		if err != nil {
			return k, fmt.Errorf("$%s does not hold a master key (it should look like %q)", keyEnv, "confer-master-key-v1:...")
		}
		return k, nil
	}
	file := o.keyFile
	if file == "" {
		file = defaultKeyPath(p.dir)
	}
	if inside(file, p.dir) {
		return store.MasterKey{}, fmt.Errorf("the master key file %s is inside the data directory %s: keep it outside, so a copy of the data directory cannot be read without it", file, p.dir)
	}
	k, err := store.ReadMasterKeyFile(file)
	switch {
	case err == nil:
		if st, serr := os.Stat(file); serr == nil && st.Mode().Perm()&0o077 != 0 && o.note != nil {
			fmt.Fprintf(o.note, "Warning: the master key %s can be read by other users (mode %o); make it 0600.\n", file, st.Mode().Perm())
		}
		return k, nil
	case errors.Is(err, store.ErrBadMasterKey):
		return k, fmt.Errorf("%s does not hold a confer master key: %w", file, err)
	case !errors.Is(err, store.ErrNoMasterKey):
		return k, err
	}
	if _, serr := os.Stat(p.journal); serr == nil {
		// A journal from before encryption gets its first key here.
		plain, perr := store.NeedsMigration(p.journal)
		if perr == nil && plain && !o.create {
			return k, fmt.Errorf("the journal %s is from a version of confer that did not encrypt: start the server once (confer --data %s) to convert it and create its master key", p.journal, p.dir)
		}
		if perr != nil || !plain {
			return k, fmt.Errorf("the master key file %s does not exist, and the journal %s needs it. Restore the key from your backup to that path, or give it with --master-key or $%s. Nothing was changed", file, p.journal, keyEnv)
		}
	} else if !o.create {
		return k, fmt.Errorf("there is no journal in %s", p.dir)
	}
	k, err = store.CreateMasterKeyFile(file)
	if err != nil {
		return k, err
	}
	abs, _ := filepath.Abs(file)
	fmt.Fprintf(o.note, "Created the master key %s (mode 0600).\n", abs)
	fmt.Fprintf(o.note, "It encrypts every conference. BACK IT UP NOW, somewhere other than the data directory:\n")
	fmt.Fprintf(o.note, "without it the journal and the records can never be read again.\n\n")
	return k, nil
}
