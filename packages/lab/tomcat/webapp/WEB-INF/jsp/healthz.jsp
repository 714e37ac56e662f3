<%@ page contentType="text/plain; charset=UTF-8" session="false" trimDirectiveWhitespaces="true" %>
<%@ include file="/WEB-INF/jsp/node.jspf" %>
<%-- The balancer's health check (the lab app's /healthz): up once Tomcat serves the webapp. --%>
ok
