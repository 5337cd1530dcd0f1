// Allocation and stacks, as the corpus harness made them (/work/shared/calibration/real-go/harness/cmd/loadgen), but
// for the last page of each object (touch): objects are []byte (no pointers) or []unsafe.Pointer (every word
// scannable, word 0 and every 512th pointing at a shared sentinel), and every 4 KiB page an object covers is written,
// so that fresh pages are touched. A plan's pointer *fraction* between 0 and 1 becomes a struct type built with
// reflect: that many bytes of pointer words first, then bytes, so the GC scans the pointer words only (the span's
// ptrdata), as the model counts it.
package main

import (
	"reflect"
	"sync"
	"unsafe"
)

// sentinel is what the pointer words of pointerful objects point to, so that marking follows real pointers.
var sentinel = new([64]byte)

var mixedTypes sync.Map // key {size, ptrWords} → reflect.Type

type mixedKey struct{ size, ptrWords int }

// alloc allocates one heap object of size bytes whose first ptrFrac of bytes are pointer words, and returns a
// pointer to its base (which keeps the whole object alive).
func alloc(size int, ptrFrac float64) unsafe.Pointer {
	if ptrFrac == 0 {
		// The common case first, nothing computed per object: the corpus harness's alloc for pointers: false. At 13 M
		// objects/s (objsize_tiny: 16 B at 200 MiB/s) the program used 0.82 cores against the harness's 0.57 with the
		// pointer-word arithmetic below done first, 0.52 against 0.43 with this path first (same-session recordings,
		// test/fixtures/real-go/same-session/go1.19.8, means of two reps).
		return allocNoscan(size)
	}
	words := size / 8
	ptrWords := int(ptrFrac*float64(words) + 0.5)
	if ptrFrac > 0 && ptrWords == 0 {
		ptrWords = 1
	}
	switch {
	case ptrWords == 0:
		return allocNoscan(size)
	case ptrWords >= words:
		n := words
		if n < 1 {
			n = 1
		}
		s := make([]unsafe.Pointer, n)
		s[0] = unsafe.Pointer(sentinel)
		for i := 512; i < n; i += 512 {
			s[i] = unsafe.Pointer(sentinel)
		}
		s[n-1] = nil // touch: the last page (a store of nil adds no pointer to mark)
		return unsafe.Pointer(&s[0])
	}
	k := mixedKey{size, ptrWords}
	t, ok := mixedTypes.Load(k)
	if !ok {
		t, _ = mixedTypes.LoadOrStore(k, reflect.StructOf([]reflect.StructField{
			{Name: "P", Type: reflect.ArrayOf(ptrWords, reflect.TypeOf(unsafe.Pointer(nil)))},
			{Name: "B", Type: reflect.ArrayOf(size-ptrWords*8, reflect.TypeOf(byte(0)))},
		}))
	}
	p := reflect.New(t.(reflect.Type)).UnsafePointer()
	ps := unsafe.Slice((*unsafe.Pointer)(p), ptrWords)
	ps[0] = unsafe.Pointer(sentinel)
	for i := 512; i < ptrWords; i += 512 {
		ps[i] = unsafe.Pointer(sentinel)
	}
	b := unsafe.Slice((*byte)(p), size)
	for i := ptrWords * 8; i < size; i += 4096 {
		b[i] = 1
	}
	b[size-1] = 1 // touch: the last page (size − 1 is past the pointer words: ptrWords < words here)
	return p
}

// allocNoscan: a pointer-free object ([]byte), every page it covers written (touch).
func allocNoscan(size int) unsafe.Pointer {
	s := make([]byte, size)
	for i := 0; i < size; i += 4096 {
		s[i] = 1
	}
	s[size-1] = 1 // touch: the last page
	return unsafe.Pointer(&s[0])
}

// touch: the program writes every 4 KiB page each object covers — its first byte, one byte every 4 KiB after it, and
// its last byte — as a program that fills its objects does, so that memory the runtime hands out without zeroing it
// (fresh pages: runtime/mheap.go allocNeedsZero) is resident as soon as an object in it is used. Writing only from
// the object's start (the corpus harness's loadgen) is enough when objects are page-aligned, as Go 1.19 places 4 KiB
// objects (size class 4096, 2 to an 8 KiB span); since Go 1.22 a 4 KiB pointerful object takes a 4,864-byte slot
// after its 8-byte malloc header, 5 to a 24 KiB span (runtime/sizeclasses.go; mallocgcSmallScanHeader), and the last
// slot's tail covers a page no object starts on: measured, 64 MiB of them written only at word 0 left 12.8 MiB of
// their pages unresident under go1.26.8 and go1.27.4 (a sixth of the spans), none under go1.19.8. The committed
// corpora (test/fixtures/real-go/go1.26.8, go1.27.4, session-2026-12-07) were recorded before this write was added.

// allocN allocates total bytes as objects of objectSize (the last one smaller), returning them.
func allocN(total, objectSize int, ptrFrac float64) []unsafe.Pointer {
	if total <= 0 {
		return nil
	}
	hold := make([]unsafe.Pointer, 0, (total+objectSize-1)/objectSize)
	for rem := total; rem > 0; rem -= objectSize {
		sz := objectSize
		if sz > rem {
			sz = rem
		}
		hold = append(hold, alloc(sz, ptrFrac))
	}
	return hold
}

const frameBytes = 256

// deep recurses n frames (each ~290 bytes of real stack: a 256-byte local array plus frame overhead), then runs f
// at the bottom. The array is read after the recursive call so it cannot be optimised away.
//
//go:noinline
func deep(n int, f func()) int {
	var pad [frameBytes]byte
	pad[n&(frameBytes-1)] = byte(n)
	if n <= 0 {
		f()
		return int(pad[0])
	}
	r := deep(n-1, f)
	return r + int(pad[(n*7)&(frameBytes-1)])
}

// depthFor maps a target allocated stack size to a recursion depth (the harness's calibration on go1.19.8/amd64):
// Go stacks are powers of two; a goroutine ends with stack S when its peak use is in (S/2-928, S-928]. It aims at
// ~0.75*S of use. 2048 (or less) means no recursion (the initial 2 KiB stack).
func depthFor(stackBytes int64) int {
	if stackBytes <= 2048 {
		return 0
	}
	s := allocatedStack(stackBytes)
	d := int((0.75*float64(s) - 928 - 1000) / 290)
	if d < 1 {
		d = 1
	}
	return d
}
