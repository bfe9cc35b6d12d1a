package reportbuild

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
	k     int
	m     map[K]int64
	n     int64 // total increments, including merged ones
	delta int64
	clone func(K) K // copies a key before it is stored
}

func newCounter[K comparable](k int, clone func(K) K) *counter[K] {
	return &counter[K]{k: k, m: make(map[K]int64), clone: clone}
}

func (c *counter[K]) add(key K) {
	c.n++
	if v, ok := c.m[key]; ok {
		c.m[key] = v + 1
		return
	}
	if c.clone != nil {
		key = c.clone(key)
	}
	c.m[key] = 1
	if len(c.m) > 2*c.k {
		c.reduce()
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
	for _, v := range c.m {
		counts = append(counts, v)
	}
	t := nthLargest(counts, c.k) // the (k+1)-th largest count
	for key, v := range c.m {
		if v <= t {
			delete(c.m, key)
		} else {
			c.m[key] = v - t
		}
	}
	c.delta += t
}

// merge folds o into c. o is left unchanged.
func (c *counter[K]) merge(o *counter[K]) {
	c.n += o.n
	c.delta += o.delta
	for key, v := range o.m {
		c.m[key] += v
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
