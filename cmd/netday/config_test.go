package main

import (
	"bytes"
	"flag"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

func osWriteFile(path string, data []byte) error { return os.WriteFile(path, data, 0o600) }

func TestFlagsAndEnvironment(t *testing.T) {
	t.Setenv("NETDAY_LISTEN", "127.0.0.1:2222")
	t.Setenv("NETDAY_IDLE_TIMEOUT", "5m")
	var c config
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	serveFlags(fs, &c)
	if err := parseFlags(fs, []string{"--idle-timeout", "7m"}); err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:2222" || c.IdleTimeout != 7*time.Minute || c.Data != "./netday-data" {
		t.Fatalf("config = %+v (env sets listen, the flag wins for idle-timeout)", c)
	}

	t.Setenv("NETDAY_MAX_SESSIONS", "lots")
	var out, errOut bytes.Buffer
	if code := run([]string{"serve"}, nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "NETDAY_MAX_SESSIONS") {
		t.Fatalf("bad env value: exit %d, %q", code, errOut.String())
	}
}

func TestHelpListsEveryFlagAndVariable(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"--help"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("--help exit %d: %s", code, errOut.String())
	}
	for _, want := range []string{"--listen", "NETDAY_LISTEN", "--data", "NETDAY_DATA", "--admin-keys",
		"NETDAY_ADMIN_KEYS", "--event", "NETDAY_EVENT", "netday backup FILE", "netday solve"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help lacks %q:\n%s", want, out.String())
		}
	}
	for line := range strings.SplitSeq(out.String(), "\n") {
		if strings.Count(line, "(default") > 1 {
			t.Errorf("a flag names its default twice: %q", line)
		}
	}
	if code := run([]string{"frobnicate"}, nil, &out, &errOut); code != 2 {
		t.Fatalf("unknown command exit %d", code)
	}
}

func TestBadConfigurationIsRefused(t *testing.T) {
	dir := t.TempDir()
	bad := dir + "/event.toml"
	if err := os.WriteFile(bad, []byte("name = \"X\"\ndate = \"2022-02-31\"\ntime_zone = \"Mars/Olympus\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--data", dir, "--event", bad, "--listen", "127.0.0.1:0"}, "Mars/Olympus"},
		{[]string{"--data", dir, "--event", dir + "/missing.toml", "--listen", "127.0.0.1:0"}, "event file"},
		{[]string{"--data", dir, "--admin-keys", dir + "/missing", "--listen", "127.0.0.1:0"}, "organiser keys"},
		{[]string{"--data", dir, "--admin-keys", "ssh-ed25519 AAAAnotakey", "--listen", "127.0.0.1:0"}, "organiser keys"},
	} {
		var out, errOut bytes.Buffer
		if code := run(tc.args, nil, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q (want %q)", tc.args, code, errOut.String(), tc.want)
		}
	}
}

// port is the port of a host:port address.
func port(t *testing.T, addr string) string {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMessagesNameTheServersPort(t *testing.T) {
	for listen, want := range map[string]string{":23234": "ssh -p 23234 <host>", "0.0.0.0:2222": "ssh -p 2222 <host>",
		"[::]:22": "ssh <host>", "nonsense": "ssh -p 23234 <host>"} {
		if got := (config{Listen: listen}).sshCommand(); got != want {
			t.Errorf("%q: %q, want %q", listen, got, want)
		}
	}
}
