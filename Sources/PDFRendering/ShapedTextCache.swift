internal import CPangoCairo

/// Shaped text (Pango layouts) by text, style, width and alignment, shared by both passes of a
/// render: shaping (HarfBuzz) is the larger part of the work, and a diary repeats its dates,
/// times, durations, levels and activities on every page.
// One owner per C handle: the layouts are freed in deinit or by `trim`; used by one thread.
final class ShapedTextCache {
    struct Key: Hashable {
        let text: String
        let style: TextStyle
        let width: Double?
        let alignment: TextAlignment
    }

    struct Entry {
        let layout: OpaquePointer
        let width: Double
        let height: Double
    }

    /// Bounds the memory (a few tens of megabytes at most); `trim` empties a full cache.
    static let limit = 32_768

    private var entries: [Key: Entry] = [:]

    deinit {
        entries.values.forEach { mdme_pango_layout_free($0.layout) }
    }

    subscript(key: Key) -> Entry? {
        entries[key]
    }

    /// Keeps `entry`, whose layout the cache now owns.
    func insert(_ entry: Entry, for key: Key) {
        entries[key] = entry
    }

    /// Frees everything when the cache is full. Call it only where no layout from the cache is
    /// held (between table rows), never while a row's layouts wait to be drawn.
    func trim() {
        guard entries.count >= Self.limit else { return }
        entries.values.forEach { mdme_pango_layout_free($0.layout) }
        entries.removeAll(keepingCapacity: true)
    }
}
