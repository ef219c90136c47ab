//go:build !unix

package uptodate

import "io/fs"

// inode returns 0: this system gives no inode numbers through fs.FileInfo,
// and sizes and times are compared alone.
func inode(fs.FileInfo) uint64 { return 0 }
