package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// summaries holds, per archived conference, a small summary the session
// layer writes so that it need not replay the conference at start-up. Each
// is sealed with its conference's data key, so erasure covers it too.
var summaries = []byte("summaries")

func summaryAD(conf string) []byte { return []byte("confer-summary\x00" + conf) }

// PutSummaries stores summaries by conference, in one transaction.
func (b *Bolt) PutSummaries(byConf map[string][]byte) error {
	if len(byConf) == 0 {
		return nil
	}
	return b.db.Update(func(tx *bolt.Tx) error {
		sb, err := tx.CreateBucketIfNotExists(summaries)
		if err != nil {
			return err
		}
		for conf, data := range byConf {
			if tx.Bucket(confs).Bucket([]byte(conf)) == nil {
				return fmt.Errorf("%w: %s", ErrNoConference, conf)
			}
			dk, err := b.dataKey(tx, conf, nil)
			if err != nil {
				return err
			}
			if err := sb.Put([]byte(conf), sealBlob(dk, data, summaryAD(conf))); err != nil {
				return err
			}
		}
		return nil
	})
}

// Summaries calls fn with each stored summary. Appending an event to a
// conference deletes its summary, so every summary is as new as its
// conference's journal.
func (b *Bolt) Summaries(fn func(conf string, summary []byte) error) error {
	return b.db.View(func(tx *bolt.Tx) error {
		sb := tx.Bucket(summaries)
		if sb == nil {
			return nil
		}
		return sb.ForEach(func(k, v []byte) error {
			conf := string(k)
			dk, err := b.dataKey(tx, conf, nil)
			if err != nil {
				return err
			}
			plain, err := openBlob(dk, v, summaryAD(conf))
			if err != nil {
				return fmt.Errorf("store: summary of %s: %w", conf, err)
			}
			return fn(conf, plain)
		})
	})
}
