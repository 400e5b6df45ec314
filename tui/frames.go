package tui

import (
	"container/list"
	"sync"
	"sync/atomic"
)

// frameCacheSize bounds the cache. A frame at 250x60 is tens of kilobytes,
// so this caps memory at a few megabytes however many clients connect.
const frameCacheSize = 256

// FrameCache holds rendered frames keyed by everything that determines
// them (conference, snapshot version, size, role, colour profile and the
// client's local view state), so clients looking at the same thing share
// one rendering. It is a bounded LRU and safe for concurrent use.
type FrameCache struct {
	mu       sync.Mutex // guards order, items and inflight
	order    *list.List // front = most recently used; values are *frameEntry
	items    map[string]*list.Element
	inflight map[string]*flight // frames being rendered now

	hits, misses atomic.Uint64
}

type frameEntry struct {
	key   string
	frame string
}

// flight is one rendering in progress that other clients wait for.
type flight struct {
	done  chan struct{}
	frame string
}

// NewFrameCache returns an empty cache.
func NewFrameCache() *FrameCache {
	return &FrameCache{order: list.New(), items: map[string]*list.Element{}, inflight: map[string]*flight{}}
}

// frame returns the frame for key, rendering it with render if nobody has.
// When a change reaches every viewer at once they all miss together; only
// the first renders and the rest wait for its frame, so a new version is
// drawn once however many are watching.
//
// keyBytes is only read during the call (the cache copies it when it
// stores a frame), so callers may build it in a buffer they reuse.
func (c *FrameCache) frame(keyBytes []byte, render func() string) string {
	c.mu.Lock()
	if el, ok := c.items[string(keyBytes)]; ok {
		c.order.MoveToFront(el)
		c.mu.Unlock()
		c.hits.Add(1)
		return el.Value.(*frameEntry).frame
	}
	if f, ok := c.inflight[string(keyBytes)]; ok {
		c.mu.Unlock()
		<-f.done
		c.hits.Add(1)
		return f.frame
	}
	key := string(keyBytes)
	f := &flight{done: make(chan struct{})}
	c.inflight[key] = f
	c.mu.Unlock()
	c.misses.Add(1)
	defer func() {
		// Even if render panics, nobody is left waiting.
		c.mu.Lock()
		delete(c.inflight, key)
		c.mu.Unlock()
		close(f.done)
	}()
	f.frame = render()
	c.put(key, f.frame)
	return f.frame
}

// Stats returns how many lookups found a frame and how many did not.
func (c *FrameCache) Stats() (hits, misses uint64) {
	return c.hits.Load(), c.misses.Load()
}

// get returns the frame for key, if cached.
func (c *FrameCache) get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		c.hits.Add(1)
		return el.Value.(*frameEntry).frame, true
	}
	c.misses.Add(1)
	return "", false
}

// put stores a frame, evicting the least recently used beyond the bound.
func (c *FrameCache) put(key, frame string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value.(*frameEntry).frame = frame
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&frameEntry{key: key, frame: frame})
	for c.order.Len() > frameCacheSize {
		el := c.order.Back()
		c.order.Remove(el)
		delete(c.items, el.Value.(*frameEntry).key)
	}
}

// Len returns how many frames are cached.
func (c *FrameCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
