package io.centinela.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Writes epoch seconds as a plain number with a millisecond fraction ({@code 1600729139.043}), the form HEC's
 * {@code time} takes; Jackson's default for doubles would write {@code 1.600729139043E9}.
 */
public final class EpochSecondsSerializer extends StdSerializer<Double> {

    private static final long serialVersionUID = 1L;

    public EpochSecondsSerializer() {
        super(Double.class);
    }

    /** Epoch seconds rounded to milliseconds, never in exponent notation. */
    public static BigDecimal toDecimal(double epochSeconds) {
        return BigDecimal.valueOf(epochSeconds).setScale(3, RoundingMode.HALF_UP);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeNumber(toDecimal(value).toPlainString());
    }
}
