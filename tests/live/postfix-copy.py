#!/usr/bin/env python3
"""postfix-copy.py - a Postfix config copy that runs without the live system.

usage:
  postfix-copy.py --tree ROOT --work W [--live] [--listen 127.0.0.1]
                  [--source 127.0.0.2]
  postfix-copy.py --maps-only --tree ROOT [--config CFGDIR]

ROOT is an image root (ROOT/etc/postfix/main.cf). The copy is W/root, its
config directory W/root/etc/postfix; the tree itself is never written.

Edits (with `postconf -c W/root/etc/postfix -e`, which rewrites the setting
in place, so the copy has no duplicate entries and postconf no warnings):

  queue_directory = W/queue, data_directory = W/data (W/queue is created
      root-owned 0755; `postfix check` and `postfix start` create the rest,
      owned by mail_owner, as post-install does). Nothing under
      /var/spool/postfix, /var/lib/postfix or /etc/postfix is touched.
  absolute paths in parameter values are resolved under the copy, as
      mta-harden resolves them under the root: a map of a file type
      (hash:, lmdb:, btree:, cdb:, dbm:, sdbm:, texthash:, regexp:, pcre:,
      cidr:) becomes TYPE:W/root/PATH, and a bare /PATH becomes W/root/PATH
      when that file exists in the tree. Parameters named *_directory or
      *_path are left alone (they name the installed Postfix).
  myorigin = /FILE (Debian's /etc/mailname) when the tree has no such file:
      the file is created in the copy holding $myhostname, which is what
      Debian puts there.
  The indexed maps (hash, lmdb, btree, cdb, dbm, sdbm) are built in the
  copy: postalias for alias_maps/alias_database, postmap for the others.

With --live, also (for a daemon on loopback):
  inet_interfaces = 127.0.0.1, inet_protocols = ipv4,
  maillog_file = W/maillog, maillog_file_prefixes = W (with a postlog
      service: no syslogd is needed),
  mynetworks = the effective value (`postconf -x -h mynetworks`) with every
      IPv4 network inside 127.0.0.0/8 that contains the probe's --source
      address replaced by 127.0.0.1/32, so that the probe client (bound to
      --source) is an outside client unless a NON-loopback network of the
      config covers it (0.0.0.0/0 does: the open relay stays open);
  master.cf replaced by a throwaway one: one smtpd on 127.0.0.1:PORT (a
      free port, found by binding port 0) that carries the -o overrides of
      the tree's port-25 smtpd service (smtp/inet, or smtpd/pass behind
      postscreen), plus the unix services Postfix needs, all with chroot n.
      The tree's master.cf is kept as master.cf.tree.

Prints what it did ("edit NAME = VALUE", "map TYPE:PATH", "port N") and
exits 0, or prints "error: ..." and exits 1. --maps-only builds the indexed
maps of ROOT's main.cf in ROOT itself (the postalias/postmap steps), with
paths resolved under ROOT; postalias and postmap run with -c CFGDIR (a
prepared copy: ROOT's own main.cf may name live files such as
/etc/mailname, which they read).
"""

import argparse
import ipaddress
import os
import re
import shutil
import socket
import subprocess
import sys

FILE_TYPES = {'hash', 'lmdb', 'btree', 'cdb', 'dbm', 'sdbm', 'texthash',
              'regexp', 'pcre', 'cidr'}
INDEXED = {'hash', 'lmdb', 'btree', 'cdb', 'dbm', 'sdbm'}
ALIAS_PARAMS = {'alias_maps', 'alias_database'}
TOKEN = re.compile(r'(?<![^\s,{=])(?P<types>(?:[A-Za-z0-9_]+:)*)(?P<path>/[^\s,{}]*)')

MASTER_UNIX = """\
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


class Fail(Exception):
    pass


def run(cmd, what):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=60)
    if p.returncode != 0:
        raise Fail('%s failed (exit %d): %s' % (what, p.returncode,
                                                p.stderr.strip()))
    return p.stdout, p.stderr


def postconf_n(cfg):
    out, _ = run(['postconf', '-c', cfg, '-n'], 'postconf -n')
    params = {}
    for line in out.splitlines():
        name, sep, value = line.partition(' = ')
        if not sep:
            name, sep, value = line.partition(' =')
        params[name.strip()] = value
    params.pop('config_directory', None)   # artefact of -c
    return params


def postconf_x(cfg, name):
    out, _ = run(['postconf', '-c', cfg, '-x', '-h', name],
                 'postconf -x -h ' + name)
    return out.strip()


def rewrite(params, root, create_myorigin):
    """(edits, maps, notes) for the absolute paths in params"""
    edits = {}
    maps = []
    notes = []
    for name, value in sorted(params.items()):
        if name.endswith('_directory') or name.endswith('_path'):
            continue

        def sub(m):
            types = [t for t in m.group('types').split(':') if t]
            path = m.group('path')
            if types and types[-1] in FILE_TYPES:
                new = root + path
                if types[-1] in INDEXED:
                    maps.append((types[-1], new, name in ALIAS_PARAMS))
                elif not os.path.isfile(new):
                    notes.append('%s: %s:%s is not in the tree'
                                 % (name, types[-1], path))
                return m.group('types') + new
            if types:
                return m.group(0)        # unix:/socket, inet:..., etc.
            if os.path.isfile(root + path):
                return root + path
            if name == 'myorigin' and create_myorigin:
                host = create_myorigin()
                os.makedirs(os.path.dirname(root + path), exist_ok=True)
                with open(root + path, 'w') as f:
                    f.write(host + '\n')
                notes.append('myorigin: %s is not in the tree; the copy has '
                             'one holding %s' % (path, host))
                return root + path
            return m.group(0)
        new = TOKEN.sub(sub, value)
        if new != value:
            edits[name] = new
    return edits, maps, notes


def build_maps(cfg, maps):
    done = set()
    for typ, path, is_alias in maps:
        if (typ, path) in done:
            continue
        done.add((typ, path))
        if not os.path.isfile(path):
            raise Fail('map source %s is not in the tree' % path)
        tool = 'postalias' if is_alias else 'postmap'
        _, err = run([tool, '-c', cfg, '%s:%s' % (typ, path)],
                     '%s %s:%s' % (tool, typ, path))
        if err.strip():
            raise Fail('%s %s:%s warns: %s' % (tool, typ, path, err.strip()))
        print('map %s:%s (%s)' % (typ, path, tool))


def free_port(host):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((host, 0))
        return s.getsockname()[1]
    finally:
        s.close()


def narrow_mynetworks(value, source):
    src = ipaddress.ip_address(source)
    loop = ipaddress.ip_network('127.0.0.0/8')
    out = []
    changed = False
    for tok in re.split(r'[\s,]+', value.strip()):
        if not tok:
            continue
        try:
            net = ipaddress.ip_network(tok, strict=False)
        except ValueError:
            net = None
        if (net is not None and net.version == 4 and net.subnet_of(loop)
                and src in net):
            tok = '127.0.0.1/32'
            changed = True
        if tok not in out:
            out.append(tok)
    return ' '.join(out), changed


def smtpd_overrides(cfg):
    """-o NAME=VALUE of the tree's port-25 smtpd (smtp/inet or smtpd/pass)"""
    out, _ = run(['postconf', '-c', cfg, '-M'], 'postconf -M')
    svc = None
    for line in out.splitlines():
        f = line.split()
        if len(f) < 8 or f[1] != 'inet':
            continue
        port = f[0].rpartition(':')[2]
        if port in ('smtp', '25'):
            if f[7] == 'postscreen':
                svc = ('smtpd', 'pass')
            elif f[7] == 'smtpd':
                svc = (f[0], 'inet')
            break
    if svc is None:
        return None, []
    out, _ = run(['postconf', '-c', cfg, '-P'], 'postconf -P')
    prefix = '%s/%s/' % svc
    overrides = []
    for line in out.splitlines():
        if line.startswith(prefix):
            name, _, value = line[len(prefix):].partition(' = ')
            overrides.append((name, value))
    return '%s/%s' % svc, overrides


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--tree', required=True)
    ap.add_argument('--work')
    ap.add_argument('--live', action='store_true')
    ap.add_argument('--maps-only', action='store_true')
    ap.add_argument('--config')
    ap.add_argument('--listen', default='127.0.0.1')
    ap.add_argument('--source', default='127.0.0.2')
    args = ap.parse_args()
    tree = os.path.abspath(args.tree)

    if args.maps_only:
        # postalias/postmap read main.cf: --config names a usable one (a
        # prepared copy), since the tree's may name files of the live
        # system (myorigin = /etc/mailname)
        _, maps, _ = rewrite(postconf_n(os.path.join(tree, 'etc', 'postfix')),
                             tree, None)
        build_maps(args.config or os.path.join(tree, 'etc', 'postfix'), maps)
        return

    if not args.work:
        raise Fail('--work is required')
    work = os.path.abspath(args.work)
    root = os.path.join(work, 'root')
    cfg = os.path.join(root, 'etc', 'postfix')
    if not os.path.isfile(os.path.join(tree, 'etc', 'postfix', 'main.cf')):
        raise Fail('%s has no etc/postfix/main.cf' % tree)
    shutil.copytree(tree, root, symlinks=True)
    os.makedirs(os.path.join(work, 'queue'), mode=0o755)
    os.chmod(os.path.join(work, 'queue'), 0o755)

    params = postconf_n(cfg)
    edits = {'queue_directory': os.path.join(work, 'queue'),
             'data_directory': os.path.join(work, 'data')}

    def myhostname():
        return postconf_x(cfg, 'myhostname')
    path_edits, maps, notes = rewrite(params, root, myhostname)
    edits.update(path_edits)

    if args.live:
        svc, overrides = smtpd_overrides(cfg)
        shutil.copy(os.path.join(cfg, 'master.cf'),
                    os.path.join(cfg, 'master.cf.tree'))
        port = free_port(args.listen)
        lines = ['# throwaway master.cf written by tests/live/postfix-copy.py',
                 '%s:%d inet n - n - - smtpd' % (args.listen, port)]
        for name, value in overrides:
            if value == '' or not re.search(r'[\s{}]', value):
                lines.append('  -o %s=%s' % (name, value))
            else:
                lines.append('  -o { %s = %s }' % (name, value))
        with open(os.path.join(cfg, 'master.cf'), 'w') as f:
            f.write('\n'.join(lines) + '\n' + MASTER_UNIX)
        notes.append('smtpd on %s:%d carries the %d -o override(s) of the '
                     "tree's %s service" % (args.listen, port, len(overrides),
                                            svc or '(no port-25 smtpd)'))
        edits.update({'inet_interfaces': args.listen,
                      'inet_protocols': 'ipv4',
                      'maillog_file': os.path.join(work, 'maillog'),
                      'maillog_file_prefixes': work})

    run(['postconf', '-c', cfg, '-e'] +
        ['%s=%s' % kv for kv in sorted(edits.items())], 'postconf -e')
    for name, value in sorted(edits.items()):
        print('edit %s = %s' % (name, value))

    if args.live:
        before = postconf_x(cfg, 'mynetworks')
        value, changed = narrow_mynetworks(before, args.source)
        if changed:
            run(['postconf', '-c', cfg, '-e', 'mynetworks=' + value],
                'postconf -e mynetworks')
            print('edit mynetworks = %s   (effective value was: %s)'
                  % (value, before))
        else:
            print('mynetworks = %s   (unchanged: no loopback network in it '
                  'covers %s)' % (before, args.source))
        print('port %d' % port)

    build_maps(cfg, maps)
    for n in notes:
        print('note ' + n)


if __name__ == '__main__':
    try:
        main()
    except (Fail, OSError, subprocess.SubprocessError) as e:
        print('error: %s' % e)
        sys.exit(1)
