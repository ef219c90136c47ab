package build

import "testing"

func TestSoftLimit(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		live uint64
		want int64
	}{
		{0, 256 * mib},
		{12 * mib, 268 * mib},  // 1,000 articles: the floor
		{60 * mib, 316 * mib},  // 5,000: still the floor
		{128 * mib, 384 * mib}, // where three times the model takes over
		{240 * mib, 720 * mib}, // 20,000
		{1000 * mib, 3000 * mib},
	}
	for _, tt := range tests {
		if got := softLimit(tt.live); got != tt.want {
			t.Errorf("softLimit(%d MiB) = %d MiB, want %d MiB", tt.live/mib, got/mib, tt.want/mib)
		}
	}
}
