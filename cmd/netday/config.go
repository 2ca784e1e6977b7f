package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"netday/store/event"
)

// config is the server's configuration: flags, each with a NETDAY_*
// environment equivalent (a flag given on the command line wins).
type config struct {
	Listen       string
	Data         string
	AdminKeys    string
	EventFile    string
	IdleTimeout  time.Duration
	MaxSessions  int
	MaxPerIP     int
	MaxPerKey    int
	MaxPerConn   int
	MaxGuests    int
	LoginTimeout time.Duration
	Backup       autoBackupConfig
	Pprof        string
}

// envName turns a flag name into its environment variable: idle-timeout →
// NETDAY_IDLE_TIMEOUT.
func envName(flagName string) string {
	return "NETDAY_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// serveFlags declares the server's flags on fs.
func serveFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.Listen, "listen", ":23234", "address the SSH server listens on")
	fs.StringVar(&c.Data, "data", "./netday-data", "data directory: database and host key, created on first start")
	fs.StringVar(&c.AdminKeys, "admin-keys", "", "organiser keys: an authorized_keys file, or the key lines themselves")
	fs.StringVar(&c.EventFile, "event", "", "event file (TOML); empty = the embedded Next Generation Day 2022")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", 30*time.Minute, "close a connection after this long without input (0 = never)")
	fs.IntVar(&c.MaxSessions, "max-sessions", 1000, "most sessions open at once, and most connections")
	fs.IntVar(&c.MaxPerIP, "max-per-ip", 400, "most connections from one address (venue Wi-Fi shares one)")
	fs.IntVar(&c.MaxPerKey, "max-per-key", 6, "most sessions open at once with one key")
	fs.IntVar(&c.MaxPerConn, "max-per-conn", 4, "most sessions open at once over one connection")
	fs.IntVar(&c.MaxGuests, "max-guests", 300, "most guest (keyless) sessions open at once")
	fs.DurationVar(&c.LoginTimeout, "login-timeout", 20*time.Second, "close a connection with no open session after this long (at login and after its last session)")
	autoBackupFlags(fs, &c.Backup)
	pprofFlags(fs, c)
}

// parseFlags applies environment values, then the command line (flags may
// follow the other arguments).
func parseFlags(fs *flag.FlagSet, args []string) error {
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if v, ok := os.LookupEnv(envName(f.Name)); ok {
			if err := f.Value.Set(v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", envName(f.Name), v, err))
			}
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return parseInterspersed(fs, args)
}

// usageFor prints a flag set's help with the environment variable of each flag.
func usageFor(fs *flag.FlagSet, w io.Writer, synopsis string) func() {
	return func() {
		fmt.Fprintf(w, "%s\n\nFlags (each also read from its environment variable):\n", synopsis)
		fs.VisitAll(func(f *flag.Flag) {
			def := f.DefValue
			switch {
			case strings.Contains(f.Usage, "(default"):
				// The usage already says what an empty value means.
				fmt.Fprintf(w, "  --%-14s %-22s %s\n", f.Name, envName(f.Name), f.Usage)
				return
			case def == "":
				def = `""`
			}
			fmt.Fprintf(w, "  --%-14s %-22s %s (default %s)\n", f.Name, envName(f.Name), f.Usage, def)
		})
	}
}

// commandFlags parses a command's flags: the server's, plus those extra
// declares. When done is true the command is over and exits with code
// (help was shown, or the flags were wrong and said so on stderr).
func commandFlags(name, usage string, args []string, stdout, stderr io.Writer,
	extra func(*flag.FlagSet)) (cfg *config, fs *flag.FlagSet, code int, done bool) {
	cfg = &config{}
	fs = flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	serveFlags(fs, cfg)
	if extra != nil {
		extra(fs)
	}
	fs.Usage = usageFor(fs, stdout, usage)
	if err := parseFlags(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, 0, true
		}
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return nil, nil, 2, true
	}
	return cfg, fs, 0, false
}

// sshCommand is how people reach this server with ssh, for messages:
// "ssh -p 23234 <host>", or "ssh <host>" on port 22.
func (c config) sshCommand() string {
	_, port, err := net.SplitHostPort(c.Listen)
	if err != nil || port == "" {
		port = "23234"
	}
	if port == "22" {
		return "ssh <host>"
	}
	return "ssh -p " + port + " <host>"
}

func (c config) validate() error {
	switch {
	case c.MaxSessions < 1:
		return fmt.Errorf("--max-sessions must be at least 1")
	case c.MaxPerIP < 1:
		return fmt.Errorf("--max-per-ip must be at least 1")
	case c.MaxPerKey < 1:
		return fmt.Errorf("--max-per-key must be at least 1")
	case c.MaxPerConn < 1:
		return fmt.Errorf("--max-per-conn must be at least 1")
	case c.MaxGuests < 0:
		return fmt.Errorf("--max-guests must not be negative")
	case c.IdleTimeout < 0:
		return fmt.Errorf("--idle-timeout must not be negative")
	case c.LoginTimeout <= 0:
		return fmt.Errorf("--login-timeout must be positive")
	case c.Data == "":
		return fmt.Errorf("--data must name a directory")
	}
	return nil
}

// loadEvent reads the event file the server would use (the embedded default
// when none is named).
func loadEvent(path string) (event.Event, error) {
	if path == "" {
		return event.Default(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return event.Event{}, fmt.Errorf("event file: %w", err)
	}
	ev, err := event.Parse(data)
	if err != nil {
		return event.Event{}, fmt.Errorf("event file %s: %w", path, err)
	}
	return ev, nil
}
