drop view "public"."ccc_view3";

drop view "public"."ddd_unchanged";

drop view "public"."ddd_changed";

drop function "public"."depends_on_bbb_view2"(t text);

drop view "public"."bbb_view2";

drop view "public"."aaa_view1";

create view "public"."ddd_changed" as SELECT basetable.name,
    'x'::text AS x
   FROM public.basetable;

create view "public"."ddd_unchanged" as SELECT ddd_changed.name
   FROM public.ddd_changed;
