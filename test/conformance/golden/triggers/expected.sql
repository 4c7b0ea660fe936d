drop trigger "emp_stamp_drop" on "public"."emp";

drop trigger "emp_stamp" on "public"."emp";

CREATE TRIGGER emp_stamp_create BEFORE INSERT OR UPDATE ON public.emp FOR EACH ROW EXECUTE FUNCTION public.emp_stamp();

CREATE TRIGGER emp_stamp BEFORE UPDATE ON public.emp FOR EACH ROW EXECUTE FUNCTION public.emp_stamp();
