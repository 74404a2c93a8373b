package org.sscard.registration.domain;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.sscard.platform.id.CitizenIdNumber;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;

/** A valid GB 11643 citizen identity number (or foreigner permanent-residence ID); null is left to @NotNull. */
@Documented
@Constraint(validatedBy = CitizenId.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface CitizenId {
    String message() default "is not a valid citizen identity number";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    @jakarta.enterprise.context.ApplicationScoped
    class Validator implements ConstraintValidator<CitizenId, String> {
        private final Clock clock;

        public Validator(Clock clock) {
            this.clock = clock;
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext ctx) {
            if (value == null) {
                return true;
            }
            var problem = CitizenIdNumber.problem(value, clock);
            if (problem.isPresent()) {
                ctx.disableDefaultConstraintViolation();
                ctx.buildConstraintViolationWithTemplate("is not a valid citizen identity number: " + problem.get())
                        .addConstraintViolation();
                return false;
            }
            return true;
        }
    }
}
