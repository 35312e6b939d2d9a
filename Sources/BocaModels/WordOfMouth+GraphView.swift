/// The arrays the ``WordOfMouthSimulator``'s hot loops read — the model's per-node columns and
/// each layer's CSR — as buffer pointers taken once per replicate (``WordOfMouth/withGraphView(_:)``),
/// as ``CascadeSimulator`` takes them once per run: the loops then read shared memory without
/// retaining or releasing the model's arrays, so threads running replicates of one model write
/// nothing they share (issue 14's runner scales with threads).
///
/// Valid only inside the `withGraphView` call that made it; ``empty`` outside.
struct WomGraphView {
  /// One model layer: its out-edges (CSR) and strength s_ℓ.
  struct Channel {
    let offsets: UnsafeBufferPointer<Int>
    let targets: UnsafeBufferPointer<UInt32>
    let strength: Double
  }

  /// w_j = a_j c_j.
  let weight: UnsafeBufferPointer<Double>
  /// f_j.
  let forgetting: UnsafeBufferPointer<Double>
  /// k_i over the model layers.
  let inDegree: UnsafeBufferPointer<Double>
  /// Σ_ℓ s_ℓ · out-degree.
  let capacity: UnsafeBufferPointer<Double>
  let side: UnsafeBufferPointer<UInt16>
  let isLurker: UnsafeBufferPointer<Bool>
  let channels: [Channel]

  /// No arrays: what the simulator holds between replicates.
  static var empty: WomGraphView {
    WomGraphView(
      weight: UnsafeBufferPointer(start: nil, count: 0), forgetting: UnsafeBufferPointer(start: nil, count: 0),
      inDegree: UnsafeBufferPointer(start: nil, count: 0), capacity: UnsafeBufferPointer(start: nil, count: 0),
      side: UnsafeBufferPointer(start: nil, count: 0), isLurker: UnsafeBufferPointer(start: nil, count: 0),
      channels: [])
  }
}

extension WordOfMouth {
  /// Calls `body` with pointers to the model's arrays, valid for the call.
  func withGraphView<R>(_ body: (WomGraphView) throws -> R) rethrows -> R {
    try weight.withUnsafeBufferPointer { weight in
      try forgetting.withUnsafeBufferPointer { forgetting in
        try inDegree.withUnsafeBufferPointer { inDegree in
          try capacity.withUnsafeBufferPointer { capacity in
            try side.withUnsafeBufferPointer { side in
              try isLurker.withUnsafeBufferPointer { isLurker in
                try withChannels(from: 0, taken: []) { channels in
                  try body(
                    WomGraphView(
                      weight: weight, forgetting: forgetting, inDegree: inDegree, capacity: capacity, side: side,
                      isLurker: isLurker, channels: channels))
                }
              }
            }
          }
        }
      }
    }
  }

  /// Takes the pointers of channels `k...` after those `taken`, then calls `body` with all.
  private func withChannels<R>(
    from k: Int, taken: [WomGraphView.Channel], _ body: ([WomGraphView.Channel]) throws -> R
  ) rethrows -> R {
    guard k < channels.count else { return try body(taken) }
    let channel = channels[k]
    return try channel.csr.offsets.withUnsafeBufferPointer { offsets in
      try channel.csr.targets.withUnsafeBufferPointer { targets in
        try withChannels(
          from: k + 1,
          taken: taken + [WomGraphView.Channel(offsets: offsets, targets: targets, strength: channel.strength)],
          body)
      }
    }
  }
}
