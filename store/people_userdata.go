package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// PeopleData is what the store keeps about one key for the day itself:
// their own availability, cancellations, feedback given and the notice
// they have not acknowledged yet.
type PeopleData struct {
	Attendance    *Attendance    `json:"attendance,omitempty"`
	DayOff        *DayOff        `json:"day_off,omitempty"`
	Cancellations []Cancellation `json:"cancellations,omitempty"` // meetings they cancelled
	Feedback      []Feedback     `json:"feedback,omitempty"`      // feedback they gave
	Notice        *Notice        `json:"notice,omitempty"`
}

// peopleDataIn reads fp's day records inside tx.
func peopleDataIn(tx *bolt.Tx, fp string) (PeopleData, error) {
	var d PeopleData
	if data, err := getCopy(tx, attendanceBucket, fp); err != nil {
		return d, err
	} else if data != nil {
		d.Attendance = new(Attendance)
		if err := json.Unmarshal(data, d.Attendance); err != nil {
			return d, fmt.Errorf("decode attendance: %w", err)
		}
	}
	if n, ok, err := noticeOf(tx, fp); err != nil {
		return d, err
	} else if ok {
		d.Notice = &n
	}
	err := eachJSON(tx, cancelBucket, "cancellation", func(k []byte, raw json.RawMessage) error {
		switch {
		case string(k) == dayOffKey(fp):
			d.DayOff = new(DayOff)
			return json.Unmarshal(raw, d.DayOff)
		case bytes.HasPrefix(k, []byte("m|")) && bytes.Contains(raw, []byte(fp)):
			var c Cancellation
			if err := json.Unmarshal(raw, &c); err != nil {
				return err
			}
			if c.By == fp {
				d.Cancellations = append(d.Cancellations, c)
			}
		}
		return nil
	})
	if err != nil {
		return d, err
	}
	err = eachJSON(tx, feedbackBucket, "feedback", func(k []byte, f Feedback) error {
		if strings.HasPrefix(string(k), fp+"|") {
			d.Feedback = append(d.Feedback, f)
		}
		return nil
	})
	return d, err
}

// deletePeopleData removes every day record that names fp: attendance,
// notice, day-off, cancellations, feedback (given or about them) and
// dropped calendar entries. It reports whether anything was removed.
func deletePeopleData(tx *bolt.Tx, fp string) (bool, error) {
	removed := false
	key := []byte(fp)
	for _, name := range [][]byte{attendanceBucket, noticesBucket, cancelBucket, feedbackBucket, calendarBucket} {
		b := tx.Bucket(name)
		if b == nil {
			return removed, errNoBucket(name)
		}
		var gone [][]byte
		if err := b.ForEach(func(k, v []byte) error {
			if bytes.Contains(k, key) || bytes.Contains(v, key) {
				gone = append(gone, bytes.Clone(k))
			}
			return nil
		}); err != nil {
			return removed, err
		}
		for _, k := range gone {
			if err := b.Delete(k); err != nil {
				return removed, err
			}
			removed = true
		}
	}
	return removed, nil
}
