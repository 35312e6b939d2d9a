import BocaResults
import Dispatch
import Foundation

/// Inserts rows into `results.sqlite` either inline or, when the run may use two threads or more,
/// on one background thread while the caller goes on writing the CSV tables.
///
/// The inserts run in the order they were given (one serial queue), so the database holds the
/// same rows in the same order either way. At most `maxPending` batches wait at a time, which
/// bounds the memory the queue holds. The first error is kept and thrown by the next `insert` or
/// by `finish()`, after which nothing more is inserted.
final class SQLiteInsertQueue: @unchecked Sendable {
  private let db: SQLiteResults
  private let queue: DispatchQueue?
  private let slots: DispatchSemaphore
  private let lock = NSLock()
  private var failure: Error?

  /// - Parameter background: insert on a background thread (the caller has a second thread to give).
  init(_ db: SQLiteResults, background: Bool, maxPending: Int = 4) {
    self.db = db
    self.queue = background ? DispatchQueue(label: "boca.sqlite-insert") : nil
    self.slots = DispatchSemaphore(value: maxPending)
  }

  func insert(_ schema: TableSchema, rows: [[TableValue]]) throws {
    guard let queue else { return try db.insert(schema, rows: rows) }
    try rethrow()
    slots.wait()
    queue.async { [self] in
      defer { slots.signal() }
      guard lock.withLock({ failure == nil }) else { return }
      do { try db.insert(schema, rows: rows) } catch { lock.withLock { failure = failure ?? error } }
    }
  }

  /// Waits for every insert, throws the first error, then closes the database.
  func finish() throws {
    queue?.sync {}
    try rethrow()
    try db.finish()
  }

  private func rethrow() throws {
    if let error = lock.withLock({ failure }) { throw error }
  }
}
