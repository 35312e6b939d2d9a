/// Holm's step-down adjustment of p-values for a family of tests (S. Holm, "A simple
/// sequentially rejective multiple test procedure", Scand. J. Statist. 6 (1979) 65–70).
///
/// With the m p-values sorted, p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted value of the i-th is
/// max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎). Rejecting where the adjusted value is below α
/// controls the family-wise error rate at α under any dependence between the tests. Adjusted
/// values are never below the unadjusted ones and keep their order.
public enum Holm {
  /// The adjusted p-values, in the order given. NaN values are left out of the family and stay
  /// NaN.
  public static func adjust(_ p: [Double]) -> [Double] {
    let family = p.indices.filter { !p[$0].isNaN }.sorted { (p[$0], $0) < (p[$1], $1) }
    let m = family.count
    var adjusted = [Double](repeating: .nan, count: p.count)
    var running = 0.0
    for (j, i) in family.enumerated() {
      running = max(running, min(1, Double(m - j) * p[i]))
      adjusted[i] = running
    }
    return adjusted
  }
}
