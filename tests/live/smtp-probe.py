#!/usr/bin/env python3
"""smtp-probe.py - one SMTP probe against a live MTA, with a verdict.

usage:
  smtp-probe.py [options] PROBE --connect HOST:PORT
  smtp-probe.py [options] PROBE --inetd -- COMMAND [ARG...]
  smtp-probe.py [options] PROBE --pipe -- COMMAND [ARG...]

PROBE is one of
  greeting   the 220 greeting must not show the software version
             (--version, repeatable) nor its name (--name, repeatable)
  vrfy       VRFY --user (default root) after EHLO must be refused
  size       MAIL FROM:<> SIZE=--bytes after EHLO must be refused (552)
  relay      MAIL FROM:<> then RCPT TO:<--rcpt> after EHLO must be refused
             as relaying ("Relay access denied" / "Relaying denied")

--expect hardened (default) passes when the MTA refuses / hides; --expect
weak passes when it shows the weakness instead (to prove that the probe
measures something). --mta postfix|sendmail selects the reply wording.

Transport: --connect talks TCP to a running daemon; --inetd starts COMMAND
(e.g. `sendmail -bs`) with its stdin and stdout on the server end of a
loopback TCP connection, the way inetd does, so the MTA sees a real peer
address (getpeername on stdin) and applies its rules for remote clients.
In both modes the client socket is bound to --source (default 127.0.0.2)
before it connects. --pipe runs COMMAND on plain pipes instead: then the MTA
has no peer address at all (sendmail -bs takes such a client for a local
one: see tests/integration/live-sendmail.sh). Every read waits at most --timeout seconds (default 5),
and the whole dialogue is a fixed list of commands, each sent only after
the reply to the previous one was read completely (no pipelining: sendmail
answers pipelined input before its greeting with 554).

Prints the dialogue (C:/S: lines) and a last line
  PASS <probe>: <why>   or   FAIL <probe>: <why>
and exits 0 on PASS, 1 on FAIL, 2 on usage errors.
"""

import argparse
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time


class ProbeError(Exception):
    pass


class Session:
    def __init__(self, sock, timeout, log):
        self.sock = sock
        self.sock.settimeout(timeout)
        self.timeout = timeout
        self.buf = b''
        self.log = log

    def _line(self):
        deadline = time.monotonic() + self.timeout
        while b'\n' not in self.buf:
            if time.monotonic() > deadline:
                raise ProbeError('no complete reply line within %ss'
                                 % self.timeout)
            if len(self.buf) > 65536:
                raise ProbeError('reply line longer than 64 KiB')
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                raise ProbeError('no reply within %ss (partial: %r)'
                                 % (self.timeout, self.buf[:200]))
            except OSError as e:
                raise ProbeError('connection error while reading: %s' % e)
            if not data:
                raise ProbeError('connection closed by the server'
                                 + (' (partial: %r)' % self.buf[:200]
                                    if self.buf else ''))
            self.buf += data
        line, self.buf = self.buf.split(b'\n', 1)
        return line.rstrip(b'\r').decode('latin-1')

    def reply(self):
        """one (possibly multi-line) reply: (code, [text lines])"""
        lines = []
        for _ in range(200):
            line = self._line()
            self.log('S: ' + line)
            m = re.match(r'^(\d{3})([ -])(.*)$', line)
            if m is None:
                raise ProbeError('not an SMTP reply line: %r' % line)
            lines.append(m.group(3))
            if m.group(2) == ' ':
                return int(m.group(1)), lines
        raise ProbeError('reply of more than 200 lines')

    def cmd(self, text):
        self.log('C: ' + text)
        try:
            self.sock.sendall(text.encode('latin-1') + b'\r\n')
        except OSError as e:
            raise ProbeError('cannot send %r: %s' % (text, e))
        return self.reply()

    def quit(self):
        try:
            self.cmd('QUIT')
        except ProbeError:
            pass


def client_socket(source, dest, timeout):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.bind((source, 0))
    except OSError as e:
        s.close()
        raise ProbeError('cannot bind the client to %s: %s' % (source, e))
    try:
        s.connect(dest)
    except OSError as e:
        s.close()
        raise ProbeError('cannot connect from %s to %s:%d: %s'
                         % (source, dest[0], dest[1], e))
    return s


def connect_with_retry(source, dest, timeout, attempts=10, pause=0.5):
    last = None
    for _ in range(attempts):
        try:
            return client_socket(source, dest, timeout)
        except ProbeError as e:
            last = e
            time.sleep(pause)
    raise last


class PipeSock:
    """the socket calls Session uses, over the pipes of a child process"""

    def __init__(self, command, errfile):
        try:
            self.proc = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=errfile, close_fds=True, start_new_session=True)
        except OSError as e:
            raise ProbeError('cannot start %s: %s' % (command[0], e))
        self.timeout = None

    def settimeout(self, t):
        self.timeout = t

    def recv(self, n):
        fd = self.proc.stdout.fileno()
        r, _, _ = select.select([fd], [], [], self.timeout)
        if not r:
            raise socket.timeout()
        return os.read(fd, n)

    def sendall(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def close(self):
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass

    def finish(self, timeout):
        return Inetd.finish(self, timeout)


class Inetd:
    """COMMAND on the server end of a loopback TCP connection."""

    def __init__(self, source, command, timeout, errfile):
        self.proc = None
        lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            lsock.bind(('127.0.0.1', 0))
            lsock.listen(1)
            lsock.settimeout(timeout)
            self.client = client_socket(source, lsock.getsockname(), timeout)
            try:
                conn, _ = lsock.accept()
            except socket.timeout:
                raise ProbeError('loopback accept timed out')
        finally:
            lsock.close()
        try:
            self.proc = subprocess.Popen(
                command, stdin=conn.fileno(), stdout=conn.fileno(),
                stderr=errfile, close_fds=True, start_new_session=True)
        except OSError as e:
            raise ProbeError('cannot start %s: %s' % (command[0], e))
        finally:
            conn.close()

    def finish(self, timeout):
        if self.proc is None:
            return None
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            self.proc.wait()
            return 'killed after %ss' % timeout


def judge(args, s):
    """run the probe on session s; return (hardened: bool, why: str)"""
    code, text = s.reply()
    greeting = ' '.join(text)
    if code != 220:
        raise ProbeError('greeting is %d %s, not 220' % (code, greeting))
    if args.probe == 'greeting':
        shown = [v for v in args.version if v and v in greeting]
        shown += [n for n in args.name
                  if re.search(r'(?i)\b' + re.escape(n) + r'\b', greeting)]
        # any other dotted version number (x.y.z), but not the client's
        # address, which a greeting may echo ("[127.0.0.2]")
        for m in re.finditer(r'(?<![\d.\[])\d+\.\d+\.\d+(?:\.\d+)?(?![\d.\]])',
                             greeting):
            if m.group(0) != args.source and m.group(0) not in shown:
                shown.append(m.group(0))
        s.quit()
        if shown:
            return False, 'the greeting shows %s: 220 %s' % (
                ', '.join(repr(x) for x in shown), greeting)
        return True, 'the greeting shows no version or software name: 220 %s' % greeting

    code, text = s.cmd('EHLO ' + args.helo)
    if code != 250:
        raise ProbeError('EHLO answered %d %s' % (code, ' '.join(text)))
    ehlo = [t.split()[0].upper() for t in text[1:] if t.split()]

    if args.probe == 'vrfy':
        code, text = s.cmd('VRFY ' + args.user)
        reply = '%d %s' % (code, ' '.join(text))
        s.quit()
        if args.mta == 'postfix':
            # smtpd: 502 5.5.1 VRFY command is disabled; else 252 / 250
            if code == 502:
                return True, 'VRFY refused: ' + reply
            if code in (250, 251, 252):
                return False, 'VRFY answers: ' + reply
        else:
            # sendmail novrfy: 252 2.5.2 Cannot VRFY user; try RCPT ...
            if code >= 500 or (code == 252 and 'Cannot VRFY' in reply):
                return True, 'VRFY refused: ' + reply
            if code in (250, 251, 252):
                return False, 'VRFY answers: ' + reply
        raise ProbeError('VRFY gave neither a refusal nor an answer: '
                         + reply)

    if args.probe == 'size':
        size_kw = [t for t in text[1:] if t.upper().startswith('SIZE')]
        code, text = s.cmd('MAIL FROM:<> SIZE=%d' % args.bytes)
        reply = '%d %s' % (code, ' '.join(text))
        s.quit()
        adv = ' (EHLO advertised %s)' % (size_kw[0] if size_kw else 'no SIZE')
        if code == 552:
            return True, 'SIZE=%d refused: %s%s' % (args.bytes, reply, adv)
        if code == 250:
            return False, 'SIZE=%d accepted: %s%s' % (args.bytes, reply, adv)
        raise ProbeError('MAIL FROM SIZE=%d gave neither 552 nor 250: %s'
                         % (args.bytes, reply))

    if args.probe == 'relay':
        code, text = s.cmd('MAIL FROM:<>')
        if code != 250:
            raise ProbeError('MAIL FROM:<> answered %d %s'
                             % (code, ' '.join(text)))
        code, text = s.cmd('RCPT TO:<%s>' % args.rcpt)
        reply = '%d %s' % (code, ' '.join(text))
        try:
            s.cmd('RSET')
        except ProbeError:
            pass
        s.quit()
        denied = ('Relay access denied' if args.mta == 'postfix'
                  else 'Relaying denied')
        if code >= 400 and denied in reply:
            return True, 'relaying from %s refused: %s' % (args.client, reply)
        if code in (250, 251):
            return False, 'relaying from %s accepted: %s' % (args.client,
                                                             reply)
        raise ProbeError('RCPT TO:<%s> was neither relayed nor refused as '
                         'relaying ("%s"): %s' % (args.rcpt, denied, reply))
    raise ProbeError('unknown probe ' + args.probe)


def main():
    ap = argparse.ArgumentParser(add_help=True)
    ap.add_argument('probe', choices=['greeting', 'vrfy', 'size', 'relay'])
    ap.add_argument('--mta', choices=['postfix', 'sendmail'], required=True)
    ap.add_argument('--expect', choices=['hardened', 'weak'],
                    default='hardened')
    ap.add_argument('--connect', metavar='HOST:PORT')
    ap.add_argument('--inetd', action='store_true')
    ap.add_argument('--pipe', action='store_true')
    ap.add_argument('--source', default='127.0.0.2')
    ap.add_argument('--timeout', type=float, default=5.0)
    ap.add_argument('--helo', default=None)
    ap.add_argument('--version', action='append', default=[])
    ap.add_argument('--name', action='append', default=[])
    ap.add_argument('--user', default='root')
    ap.add_argument('--bytes', type=int, default=26214401)
    ap.add_argument('--rcpt', default='x@example.net')
    ap.add_argument('--stderr', metavar='FILE',
                    help='where the --inetd command writes its stderr')
    ap.add_argument('--label', default='')
    argv = sys.argv[1:]
    command = []
    if '--' in argv:
        i = argv.index('--')
        argv, command = argv[:i], argv[i + 1:]
    args = ap.parse_args(argv)
    args.command = command
    if args.helo is None:
        args.helo = '[%s]' % args.source
    args.client = ('a client on pipes (no address)' if args.pipe
                   else args.source)
    if [bool(args.connect), args.inetd, args.pipe].count(True) != 1:
        ap.error('give exactly one of --connect, --inetd and --pipe')
    if (args.inetd or args.pipe) and not args.command:
        ap.error('--inetd and --pipe need a command after --')

    label = args.probe + (' ' + args.label if args.label else '')

    def log(line):
        print('    ' + line)
        sys.stdout.flush()

    inetd = None
    errfile = None
    verdict = None
    try:
        if args.connect:
            host, _, port = args.connect.rpartition(':')
            sock = connect_with_retry(args.source, (host, int(port)),
                                      args.timeout)
        else:
            errfile = (open(args.stderr, 'ab') if args.stderr
                       else subprocess.DEVNULL)
            if args.pipe:
                inetd = sock = PipeSock(args.command, errfile)
            else:
                inetd = Inetd(args.source, args.command, args.timeout,
                              errfile)
                sock = inetd.client
        try:
            hardened, why = judge(args, Session(sock, args.timeout, log))
        finally:
            sock.close()
        if inetd is not None:
            rc = inetd.finish(args.timeout * 2)
            if rc not in (0, None):
                log('(the server process ended: %s)' % rc)
        if hardened == (args.expect == 'hardened'):
            verdict = (0, 'PASS %s: %s' % (label, why))
        else:
            verdict = (1, 'FAIL %s: expected %s, but %s'
                       % (label, args.expect, why))
    except ProbeError as e:
        if inetd is not None:
            inetd.finish(1)
        verdict = (1, 'FAIL %s: the probe could not run: %s' % (label, e))
    finally:
        if errfile not in (None, subprocess.DEVNULL):
            errfile.close()
    print(verdict[1])
    return verdict[0]


if __name__ == '__main__':
    sys.exit(main())
