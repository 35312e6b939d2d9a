import Foundation

/// The discrete-time network hazard models fitted by exact likelihood (`mle`).
///
/// A node that has not adopted before period t adopts in t with hazard h_i(t), a function of its
/// exposure e_i(t), the number of its distinct contacts (``NetworkContacts``) that adopted before t:
/// - ``exposure`` (independent-cascade / Goldenberg form): h = 1 − (1 − p)(1 − q)^e; with one q per
///   layer, h = 1 − (1 − p) Π_l (1 − q_l)^{e_l}, e_l counting the contacts named on layer l.
/// - ``fraction`` (network Bass, fractional exposure): h = min(1, p + q·e/k), k the number of
///   contacts; h = p when k = 0.
public enum HazardModel: String, Sendable, CaseIterable {
  case exposure = "hazard-exposure"
  case fraction = "hazard-fraction"

  /// The hazard at parameters `p`, `q` (one per exposure count given) for exposures `e` (one
  /// per q) among `k` contacts.
  @inline(__always)
  func hazard(p: Double, q: [Double], e: [Int], k: Int) -> Double {
    switch self {
    case .exposure:
      var logSurvival = Foundation.log1p(-p)
      for l in q.indices where e[l] > 0 { logSurvival += Double(e[l]) * Foundation.log1p(-q[l]) }
      return -Foundation.expm1(logSurvival)
    case .fraction:
      guard k > 0 else { return p }
      return min(1, p + q[0] * Double(e[0]) / Double(k))
    }
  }
}
