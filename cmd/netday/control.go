package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// controlFile is the local control socket inside the data directory. Only
// the server's own user can reach it (mode 0600), so local commands such as
// `netday backup FILE` work while the server holds the database lock.
const controlFile = "control.sock"

type controlSocket struct {
	ln   net.Listener
	path string
}

func listenControl(path string, s *server) (*controlSocket, error) {
	_ = os.Remove(path) // a stale socket from a killed server
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("control socket: %w", err)
	}
	c := &controlSocket{ln: ln, path: path}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serveControl(conn)
		}
	}()
	return c, nil
}

func (c *controlSocket) Close() {
	c.ln.Close()
	_ = os.Remove(c.path)
}

// serveControl answers one request: "backup /absolute/path", or "invite N"
// (reply "ok N EXPIRES" and then N codes, one a line).
func (s *server) serveControl(conn net.Conn) {
	defer conn.Close()
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("control panic", "panic", r)
		}
	}()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Minute))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return
	}
	verb, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
	switch verb {
	case "backup":
		if !filepath.IsAbs(arg) {
			fmt.Fprintln(conn, "error: backup needs an absolute path")
			return
		}
		if err := checkBackupTarget(s.cfg.Data, arg); err != nil {
			fmt.Fprintf(conn, "error: %v\n", err)
			return
		}
		if err := s.store.BackupFile(arg); err != nil {
			fmt.Fprintf(conn, "error: %v\n", err)
			return
		}
		s.log.Info("backup written", "file", arg)
		fmt.Fprintln(conn, "ok")
	case "invite":
		s.controlInvite(conn, arg)
	default:
		fmt.Fprintln(conn, "error: unknown request")
	}
}

// askControl sends one request to a running server's control socket.
// errNoServer means no server answers there.
func askControl(dataDir, request string) (string, error) {
	conn, err := net.DialTimeout("unix", filepath.Join(dataDir, controlFile), 2*time.Second)
	if err != nil {
		return "", errNoServer
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Minute))
	if _, err := fmt.Fprintln(conn, request); err != nil {
		return "", fmt.Errorf("control socket: %w", err)
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("control socket: %w", err)
	}
	reply = strings.TrimSpace(reply)
	if msg, ok := strings.CutPrefix(reply, "error: "); ok {
		return "", errors.New(msg)
	}
	return reply, nil
}

// askControlLines is askControl for requests whose reply has several lines:
// it returns every line up to the end of the reply, the first one being
// "ok…".
func askControlLines(dataDir, request string) ([]string, error) {
	conn, err := net.DialTimeout("unix", filepath.Join(dataDir, controlFile), 2*time.Second)
	if err != nil {
		return nil, errNoServer
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Minute))
	if _, err := fmt.Fprintln(conn, request); err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	var lines []string
	sc := bufio.NewScanner(conn)
	for sc.Scan() {
		lines = append(lines, strings.TrimSpace(sc.Text()))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	if len(lines) == 0 {
		return nil, errors.New("control socket: no reply")
	}
	if msg, ok := strings.CutPrefix(lines[0], "error: "); ok {
		return nil, errors.New(msg)
	}
	return lines, nil
}

var errNoServer = errors.New("no running server")
