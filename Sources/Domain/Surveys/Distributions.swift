import Foundation

/// Quantiles of the normal and Student t distributions, for confidence intervals.
///
/// Written here rather than taken from a package: the Domain target depends on Foundation only,
/// and intervals must agree with samplics (scipy's `t.ppf`) to 1e-6, which these do to about 1e-13.
public enum Distributions {
    /// The p-quantile of the standard normal distribution, 0 < p < 1.
    ///
    /// Acklam's rational approximation (relative error 1.2e-9) on the lower tail, polished by Halley steps on
    /// `erfc`, which bring it to machine precision.
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "normalQuantile needs 0 < p < 1")
        // Work on the lower tail, where p keeps its relative precision (1 − p is exact for p ≥ ½).
        if p > 0.5 { return -normalQuantile(1 - p) }
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        var x: Double
        if p < 0.02425 {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else {
            let q = p - 0.5
            let r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        }
        // Halley's steps: Φ(x) from erfc keeps full relative precision in the lower tail.
        for _ in 0..<2 {
            // Near the centre Φ(x) − p is taken as ½·erf(x/√2) − (p − ½): p − ½ is exact there.
            let e = p > 0.25 ? 0.5 * erf(x / 2.0.squareRoot()) - (p - 0.5) : 0.5 * erfc(-x / 2.0.squareRoot()) - p
            let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
            x -= u / (1 + x * u / 2)
        }
        return x
    }

    /// The p-quantile of Student's t distribution with `degreesOfFreedom` > 0, 0 < p < 1.
    ///
    /// Newton's method on the upper tail probability, written with the regularised incomplete beta
    /// function so that the tail keeps its relative precision; closed forms for 1 and 2 degrees of freedom.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1, "studentTQuantile needs 0 < p < 1")
        precondition(nu > 0, "studentTQuantile needs degrees of freedom > 0")
        if p == 0.5 { return 0 }
        // Solve for the upper tail probability: it is exact (1 − p is exact for p ≥ ½), p near 1 is not.
        let sign: Double = p > 0.5 ? 1 : -1
        let tail = p > 0.5 ? 1 - p : p
        if nu == 1 { return sign / tan(Double.pi * tail) }
        if nu == 2 { return sign * (1 - 2 * tail) / (2 * tail * (1 - tail)).squareRoot() }
        // Start from the Cornish–Fisher expansion around the normal quantile.
        let z = -normalQuantile(tail)
        let z2 = z * z
        var t = z + (z2 + 1) * z / (4 * nu) + ((5 * z2 + 16) * z2 + 3) * z / (96 * nu * nu)
            + (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / (384 * nu * nu * nu)
        if !(t > 0) || !t.isFinite { t = z }
        var low = 0.0, high = Double.infinity
        for _ in 0..<100 {
            // Q(t) − tail; near the centre as (½ − tail) − P(0 < T < t), both exact or small.
            let residual = tail > 0.25
                ? (0.5 - tail) - studentTCentral(t, degreesOfFreedom: nu)
                : studentTUpperTail(t, degreesOfFreedom: nu) - tail
            if residual > 0 { low = t } else { high = t }
            let step = residual / studentTDensity(t, degreesOfFreedom: nu)
            var next = t + step
            // Stay inside the bracket: bisect (or double) when Newton jumps out of it.
            if !(next > low && next < high) || !next.isFinite {
                next = high.isFinite ? (low + high) / 2 : max(2 * t, 1)
            }
            if abs(next - t) <= 1e-15 * abs(next) { return sign * next }
            t = next
        }
        return sign * t
    }

    /// P(T > t) for t ≥ 0: ½·I_x(ν/2, ½) with x = ν/(ν + t²), its complement and both logarithms computed
    /// without cancellation (x is close to 1 for large ν).
    static func studentTUpperTail(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let ratio = t * t / nu
        let x = 1 / (1 + ratio), y = ratio / (1 + ratio)
        return 0.5 * regularizedIncompleteBeta(a: nu / 2, b: 0.5, x: x, y: y, logX: -log1p(ratio), logY: log(y))
    }

    /// P(0 < T < t) for t ≥ 0: ½·I_y(½, ν/2) with y = t²/(ν + t²), precise when t is small.
    static func studentTCentral(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let ratio = t * t / nu
        let x = 1 / (1 + ratio), y = ratio / (1 + ratio)
        return 0.5 * regularizedIncompleteBeta(a: 0.5, b: nu / 2, x: y, y: x, logX: log(y), logY: -log1p(ratio))
    }

    /// Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + t²/ν)^(−(ν+1)/2) = (1 + t²/ν)^(−(ν+1)/2) / (√ν · B(ν/2, ½)).
    static func studentTDensity(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        exp(-logBeta(nu / 2, 0.5) - 0.5 * log(nu) - (nu + 1) / 2 * log1p(t * t / nu))
    }

    /// I_x(a, b), by the continued fraction (modified Lentz), using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a)
    /// where the fraction converges faster.
    static func regularizedIncompleteBeta(a: Double, b: Double, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        return regularizedIncompleteBeta(a: a, b: b, x: x, y: 1 - x, logX: log(x), logY: log1p(-x))
    }

    private static func regularizedIncompleteBeta(a: Double, b: Double, x: Double, y: Double,
                                                  logX: Double, logY: Double) -> Double {
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        let front = exp(a * logX + b * logY - logBeta(a, b))
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - front * betaContinuedFraction(a: b, b: a, x: y) / b
    }

    /// log B(a, b) without the cancellation of lgamma(a) + lgamma(b) − lgamma(a + b) when an argument is large
    /// (the approach of R's `lbeta`: Stirling's series for the large arguments).
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b), q = max(a, b)
        let logSqrt2Pi = 0.918938533204672741780329736406
        if p >= 10 {
            let correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q)
            return -0.5 * log(q) + logSqrt2Pi + correction + (p - 0.5) * log(p / (p + q)) + q * log1p(-p / (p + q))
        }
        if q >= 10 {
            let correction = stirlingCorrection(q) - stirlingCorrection(p + q)
            return lgamma(p) + correction + p - p * log(p + q) + (q - 0.5) * log1p(-p / (p + q))
        }
        return lgamma(p) + lgamma(q) - lgamma(p + q)
    }

    /// log Γ(x) − ((x − ½) log x − x + ½ log 2π) for x ≥ 10, from Stirling's series.
    private static func stirlingCorrection(_ x: Double) -> Double {
        let inverse = 1 / x, square = inverse * inverse
        let series = 1.0 / 12 - square * (1.0 / 360 - square * (1.0 / 1260 - square * (1.0 / 1680
            - square * (1.0 / 1188 - square * (691.0 / 360_360 - square / 156)))))
        return series * inverse
    }

    private static func betaContinuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...100_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}
