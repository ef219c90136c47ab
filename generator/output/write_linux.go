//go:build linux

package output

import (
	"io/fs"
	"syscall"
)

// writeFile creates or truncates the file name, writes data to it, as
// os.WriteFile does, and returns its stamp, in four system calls.
// os.WriteFile also registers the file with the runtime's poller and makes
// it non-blocking, five more calls that a regular file does not need: a
// site has tens of thousands of files.
func writeFile(name string, data []byte) (Stamp, error) {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return Stamp{}, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := ignoringEINTR(func() (int, error) { return syscall.Write(fd, data) })
		if err != nil {
			syscall.Close(fd)
			return Stamp{}, &fs.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	var st syscall.Stat_t
	statErr := syscall.Fstat(fd, &st)
	if err := syscall.Close(fd); err != nil {
		return Stamp{}, &fs.PathError{Op: "close", Path: name, Err: err}
	}
	if statErr != nil {
		return Stamp{}, nil // no stamp: the next build compares bytes
	}
	return stampOf(&st), nil
}

func stampOf(st *syscall.Stat_t) Stamp {
	return Stamp{size: st.Size, mtime: st.Mtim.Nano(), ino: uint64(st.Ino)}
}

// stamp returns the stamp of the regular file name, without following a
// symbolic link.
func stamp(name string) (Stamp, bool) {
	var st syscall.Stat_t
	if syscall.Lstat(name, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return Stamp{}, false
	}
	return stampOf(&st), true
}

func ignoringEINTR(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
