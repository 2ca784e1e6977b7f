package main

import (
	"crypto/rand"
	"encoding/binary"
	"io"
	"net"
	"sync/atomic"
	"time"
)

// SSH disconnect reason codes (RFC 4253, section 11.1).
const (
	disconnectByApplication      = 11
	disconnectTooManyConnections = 12
)

// maxRefusing bounds the refused connections being told why at once; past
// it a refused connection is closed without a word (a flood gets no
// answer, a person does).
const maxRefusing = 128

var refusing atomic.Int32

// refuse tells a connection that is not admitted why, in one line, before
// any key exchange: the server's version line, then an unencrypted SSH
// disconnect message (allowed before the first key exchange). OpenSSH
// prints it ("Received disconnect from …: netday is full …"), and Go's
// client returns it as its error. It never takes more than a few seconds.
func (s *server) refuse(c net.Conn, code uint32, why string) {
	if refusing.Add(1) > maxRefusing {
		refusing.Add(-1)
		return
	}
	defer refusing.Add(-1)
	_ = c.SetDeadline(time.Now().Add(3 * time.Second))
	msg := append([]byte("SSH-2.0-"+s.ssh.Version+"\r\n"), disconnectPacket(code, why)...)
	if _, err := c.Write(msg); err != nil {
		return
	}
	// Closing with unread input would reset the connection and could lose
	// the message: say we are done, then read what the client sends until
	// it hangs up (or the deadline).
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(c, 64<<10))
}

// disconnectPacket is SSH_MSG_DISCONNECT as a binary packet with no
// encryption and no MAC (RFC 4253, section 6).
func disconnectPacket(code uint32, why string) []byte {
	var payload []byte
	payload = append(payload, 1) // SSH_MSG_DISCONNECT
	payload = binary.BigEndian.AppendUint32(payload, code)
	payload = binary.BigEndian.AppendUint32(payload, uint32(len(why)))
	payload = append(payload, why...)
	payload = binary.BigEndian.AppendUint32(payload, 0) // language tag
	pad := 8 - (4+1+len(payload))%8
	if pad < 4 {
		pad += 8
	}
	pkt := binary.BigEndian.AppendUint32(nil, uint32(1+len(payload)+pad))
	pkt = append(pkt, byte(pad))
	pkt = append(pkt, payload...)
	padding := make([]byte, pad)
	_, _ = rand.Read(padding)
	return append(pkt, padding...)
}
