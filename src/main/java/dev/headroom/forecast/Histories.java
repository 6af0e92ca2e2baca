package dev.headroom.forecast;

/** Small operations on sample arrays shared by the models. */
public final class Histories {
    private Histories() {
    }

    /**
     * A copy with missing samples filled: inner gaps by linear interpolation, leading gaps by the
     * first present value, trailing gaps by the last. All-missing input throws.
     *
     * @throws ForecastException when no sample is present
     */
    public static double[] fillGaps(double[] values) {
        double[] y = values.clone();
        int n = y.length;
        int first = -1;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(y[i])) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            if (n == 0) {
                return y;
            }
            throw new ForecastException("every sample is missing");
        }
        for (int i = 0; i < first; i++) {
            y[i] = y[first];
        }
        int last = first;
        for (int i = first + 1; i < n; i++) {
            if (!Double.isNaN(y[i])) {
                if (i > last + 1) {
                    double a = y[last];
                    double b = y[i];
                    for (int j = last + 1; j < i; j++) {
                        y[j] = a + (b - a) * (j - last) / (i - last);
                    }
                }
                last = i;
            }
        }
        for (int i = last + 1; i < n; i++) {
            y[i] = y[last];
        }
        return y;
    }
}
