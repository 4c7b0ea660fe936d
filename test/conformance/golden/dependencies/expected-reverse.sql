set check_function_bodies = off;

drop view "public"."ddd_unchanged";

drop view "public"."ddd_changed";

create view "public"."aaa_view1" as SELECT basetable.name
   FROM public.basetable;

create view "public"."bbb_view2" as SELECT aaa_view1.name
   FROM public.aaa_view1;

CREATE OR REPLACE FUNCTION public.depends_on_bbb_view2(t text)
 RETURNS TABLE(x text)
 LANGUAGE sql
AS $function$ select * from bbb_view2 $function$;

create view "public"."ccc_view3" as SELECT bbb_view2.name
   FROM public.bbb_view2;

create view "public"."ddd" as SELECT 'abc123'::text AS a;

CREATE OR REPLACE FUNCTION public.fff(t text)
 RETURNS TABLE(x text)
 LANGUAGE sql
AS $function$ select a::text from ddd $function$;

create view "public"."eee" as SELECT fff.x
   FROM public.fff('abc123'::text) fff(x);

create view "public"."ddd_changed" as SELECT basetable.name
   FROM public.basetable;

create view "public"."ddd_unchanged" as SELECT ddd_changed.name
   FROM public.ddd_changed;
