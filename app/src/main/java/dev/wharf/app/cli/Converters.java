package dev.wharf.app.cli;

import dev.wharf.inventory.Action;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses ACTION and TARGET arguments; a bad one is a usage error (exit 2). */
final class Converters {
    private Converters() {
    }

    static final class ActionConverter implements ITypeConverter<Action> {
        @Override
        public Action convert(String value) {
            try {
                return Action.fromWire(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class TargetConverter implements ITypeConverter<Target> {
        @Override
        public Target convert(String value) {
            try {
                return Target.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
