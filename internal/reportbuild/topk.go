package reportbuild

import "iter"

// counter is a Misra–Gries frequent-items summary with batched decrements.
//
// It holds at most 2k counters. While the number of distinct keys stays
// within 2k nothing is ever subtracted and every count is exact. When the
// map would grow past 2k, reduce subtracts t = the (k+1)-th largest count
// from every counter and drops those that reach zero, leaving at most k.
// delta is the sum of all t subtracted so far (including those inherited by
// Merge).
//
// Guarantee (Misra & Gries 1982; batched form and merge from Agarwal et
// al., "Mergeable Summaries", 2012): for every key,
//
//	count(key) ≤ true(key) ≤ count(key) + delta,   count = 0 if unmonitored,
//
// and delta ≤ (N − Σcount) / (k+1) ≤ N/(k+1), where N is the number of Adds
// that reached this counter or any counter merged into it. Proof sketch: each
// reduce with threshold t removes exactly t from each of the k+1 largest
// counters and at most t from any key, so a key loses ≤ t per reduce while
// the total removed grows by ≥ (k+1)·t. Merge adds counts and deltas (both
// bounds add) and then reduces, so the guarantee survives any merge tree.
type counter[K comparable] struct {
	k int
	// m maps each monitored key to its count's index in counts, so that
	// counting a key already there is one map lookup (assigning to a
	// map[string] entry would also overwrite its stored key with the
	// record's, which pins the record's line).
	m      map[K]int32
	counts []int64
	free   []int32 // indexes in counts that reduce freed
	n      int64   // total increments, including merged ones
	delta  int64
	clone  func(K) K // copies a key before it is stored
}

func newCounter[K comparable](k int, clone func(K) K) *counter[K] {
	return &counter[K]{k: k, m: make(map[K]int32), clone: clone}
}

func (c *counter[K]) add(key K) {
	c.n++
	if i, ok := c.m[key]; ok {
		c.counts[i]++
		return
	}
	if c.clone != nil {
		key = c.clone(key)
	}
	c.insert(key, 1)
	if len(c.m) > 2*c.k {
		c.reduce()
	}
}

// insert starts monitoring key, which is not monitored, at count v.
func (c *counter[K]) insert(key K, v int64) {
	var i int32
	if n := len(c.free); n > 0 {
		i, c.free = c.free[n-1], c.free[:n-1]
		c.counts[i] = v
	} else {
		i = int32(len(c.counts))
		c.counts = append(c.counts, v)
	}
	c.m[key] = i
}

// count returns key's count, 0 when it is not monitored.
func (c *counter[K]) count(key K) int64 {
	if i, ok := c.m[key]; ok {
		return c.counts[i]
	}
	return 0
}

// all yields every monitored key with its count, in no particular order.
func (c *counter[K]) all() iter.Seq2[K, int64] {
	return func(yield func(K, int64) bool) {
		for key, i := range c.m {
			if !yield(key, c.counts[i]) {
				return
			}
		}
	}
}

// reduce brings the summary down to at most k counters. Batching the
// decrements this way costs O(k) per reduce and at least k new keys happen
// between reduces, so adds stay amortised O(1).
func (c *counter[K]) reduce() {
	if len(c.m) <= c.k {
		return
	}
	counts := make([]int64, 0, len(c.m))
	for _, i := range c.m {
		counts = append(counts, c.counts[i])
	}
	t := nthLargest(counts, c.k) // the (k+1)-th largest count
	for key, i := range c.m {
		if c.counts[i] <= t {
			delete(c.m, key)
			c.free = append(c.free, i)
		} else {
			c.counts[i] -= t
		}
	}
	c.delta += t
}

// merge folds o into c. o is left unchanged.
func (c *counter[K]) merge(o *counter[K]) {
	c.n += o.n
	c.delta += o.delta
	for key, v := range o.all() {
		if i, ok := c.m[key]; ok {
			c.counts[i] += v
		} else {
			c.insert(key, v)
		}
	}
	// Same memory rule as add: only reduce past 2k, so merging exact
	// summaries whose union fits stays exact.
	if len(c.m) > 2*c.k {
		c.reduce()
	}
}

// nthLargest returns the element that would be at index n if a were sorted
// in descending order (quickselect, expected O(len(a))). It reorders a.
func nthLargest(a []int64, n int) int64 {
	lo, hi := 0, len(a)-1
	for lo < hi {
		// Median of three guards against the sorted inputs that counts
		// often are (many keys seen once).
		mid := lo + (hi-lo)/2
		p := median3(a[lo], a[mid], a[hi])
		i, j := lo, hi
		for i <= j {
			for a[i] > p {
				i++
			}
			for a[j] < p {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case n <= j:
			hi = j
		case n >= i:
			lo = i
		default:
			return a[n]
		}
	}
	return a[n]
}

func median3(a, b, c int64) int64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	if a > b {
		return a
	}
	return b
}
